import * as assert from 'assert';
import { headerCells, layout } from '../../../../src/core/snippetImage/layout';
import type { StyledSpan } from '../../../../src/core/snippetImage/highlight';

const paint = { hex: '#000000', opacity: 1 };
const line = (text: string): StyledSpan[] => [{ text, color: paint, fontStyle: 0 }];
/** The row as text, one character per column: '·' where nothing is, nothing for a wide character's second column. */
const text = (cells: { text: string; column: number; width: number }[]): string => {
  const columns: string[] = [];
  for (const cell of cells) {
    columns[cell.column] = cell.text;
    if (cell.width === 2) {
      columns[cell.column + 1] = '';
    }
  }
  return Array.from(columns, (c) => c ?? '·').join('');
};

describe('snippet layout', function () {
  it('expands tabs to the next tab stop, counting wide characters as two columns', function () {
    const { rows } = layout([line('\ta'), line('ab\tc'), line('中\tx')], { firstLine: 7, labelColor: paint, tabSize: 4, maxColumns: 100 });
    assert.deepStrictEqual(rows.map((row) => text(row.cells)), ['    a', 'ab  c', '中  x']);
    assert.deepStrictEqual(rows.map((row) => text(row.label)), ['7', '8', '9']);
  });

  it('gives CJK, full-width punctuation and emoji two columns, and keeps emoji sequences whole', function () {
    const { rows, columns } = layout([line('a中，😀👍🏽b')], { firstLine: 1, labelColor: paint, tabSize: 4, maxColumns: 100 });
    assert.deepStrictEqual(
      rows[0].cells.map((cell) => [cell.text, cell.column, cell.width]),
      [
        ['a', 0, 1],
        ['中', 1, 2],
        ['，', 3, 2],
        ['😀', 5, 2],
        ['👍🏽', 7, 2],
        ['b', 9, 1],
      ],
    );
    assert.strictEqual(columns, 10);
  });

  it('wraps at a space near the end of the row, keeping the indentation, with no line number on the continuation', function () {
    const words = '  ' + Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ');
    const { rows, columns } = layout([line(words)], { firstLine: 3, labelColor: paint, tabSize: 4, maxColumns: 30 });
    assert.deepStrictEqual(rows.map((row) => [text(row.label), row.continued]), [['3', false], ['', true], ['', true]]);
    const shown = rows.map((row) => text(row.cells));
    assert.deepStrictEqual(shown, ['  word0 word1 word2 word3 ', '··word4 word5 word6 word7 ', '··word8 word9 word10 word11']);
    assert.ok(columns <= 30);
  });

  it('cuts a row with no space where it must, and never puts half a wide character on a row', function () {
    const { rows } = layout([line('x'.repeat(25)), line('中'.repeat(15))], { firstLine: 1, labelColor: paint, tabSize: 4, maxColumns: 21 });
    assert.deepStrictEqual(rows.map((row) => text(row.cells)), ['x'.repeat(21), 'xxxx', '中'.repeat(10), '中'.repeat(5)]);
  });

  it('shows control characters as their pictures and keeps empty lines', function () {
    const { rows } = layout([line('a\u0007b'), line('')], { firstLine: 1, labelColor: paint, tabSize: 4, maxColumns: 20 });
    assert.deepStrictEqual(rows.map((row) => text(row.cells)), ['a\u2407b', '']);
  });

  it('puts the labels given instead of line numbers, right-aligned in a gutter as wide as the widest; a line without one has none', function () {
    const { rows, labelColumns } = layout([line('@@'), line('a'), line('b'), line('c')], { firstLine: 1, labels: [undefined, '9 10', '  11'], labelColor: paint, tabSize: 4, maxColumns: 100 });
    assert.strictEqual(labelColumns, 4);
    assert.deepStrictEqual(
      rows.map((row) => text(row.label)),
      ['', '9 10', '  11', ''],
    );
    assert.ok(rows.every((row) => !row.continued));
    assert.strictEqual(layout([line('a'), line('b')], { firstLine: 99, labelColor: paint, tabSize: 4, maxColumns: 100 }).labelColumns, 3, 'numbers 99 and 100');
  });

  it('shortens a long header from the left, keeping the file name', function () {
    const cells = headerCells('src/a/very/long/path/to/the/file.ts:10-20', paint, 20);
    assert.strictEqual(text(cells), '…o/the/file.ts:10-20');
    assert.ok(cells[cells.length - 1].column + cells[cells.length - 1].width <= 20);
  });
});
