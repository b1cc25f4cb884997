import { strict as assert } from 'node:assert';
import { convertMarkdown } from '../../../../src/core/markdown';
import { displayWidth } from '../../../../src/core/markdown/displayWidth';
import { MONOSPACE_COLUMNS } from '../../../../src/core/markdown/table';

function convert(markdown: string): string {
  return convertMarkdown(markdown, { resolveLink: (href) => `https://git.example.com/r/${href}` }).text;
}

/** The lines inside the one code block of a converted table. */
function block(text: string): string[] {
  const lines = text.split('\n');
  assert.equal(lines[0], '```', text);
  assert.equal(lines[lines.length - 1], '```', text);
  return lines.slice(1, -1);
}

describe('core/markdown tables', () => {
  it('aligns a narrow table in a monospace block, with a rule under the header', () => {
    assert.deepEqual(block(convert('| Name | Size |\n|---|---|\n| a | 1 kB |\n| bcd | 20 kB |')), [
      'Name  Size',
      '----  -----',
      'a     1 kB',
      'bcd   20 kB',
    ]);
  });

  it('aligns by display width: CJK and emoji take two columns, combining marks none', () => {
    const lines = block(convert('| 名称 | 状态 | x |\n|---|---|---|\n| 钉钉 | ✅ | 1 |\n| ab | 😀👍 | 2 |\n| Café | e\u0301 | 3 |'));
    assert.deepEqual(lines, ['名称  状态  x', '----  ----  -', '钉钉  ✅    1', 'ab    😀👍  2', 'Café  e\u0301     3']);
    const columnOfX = displayWidth('名称  状态  ');
    for (const line of lines.slice(2)) {
      assert.equal(displayWidth(line) - 1, columnOfX, line);
    }
  });

  it('follows the alignment markers: left, centre, right', () => {
    assert.deepEqual(block(convert('| L | C | R |\n|:--|:-:|--:|\n| a | b | c |\n| long | wide | 12345 |')), [
      'L      C        R',
      '----  ----  -----',
      'a      b        c',
      'long  wide  12345',
    ]);
  });

  it('reads an escaped pipe as a character of the cell, in text and in code', () => {
    assert.deepEqual(block(convert('| Op | Means |\n|---|---|\n| `a \\| b` | or |\n| x\\|y | pipe |')), ['Op     Means', '-----  -----', 'a | b  or', 'x|y    pipe']);
  });

  it('pads a short row and drops cells beyond the header, as the preview does', () => {
    assert.deepEqual(block(convert('| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |')), ['a  b  c', '-  -  -', '1', '1  2  3']);
  });

  it('turns a table wider than a phone into one list item per row, labelled by the header', () => {
    const text = convert(
      '| Option | Type | Default | Description |\n|---|---|---|---|\n| `timeout` | number | `0` | Milliseconds before giving up. |\n| `retries` | number | | How often to retry. |',
    );
    assert.equal(
      text,
      [
        '- **`timeout`** · Type: number · Default: `0` · Description: Milliseconds before giving up.',
        '- **`retries`** · Type: number · Description: How often to retry.',
      ].join('\n'),
    );
  });

  it('keeps a two-column table that is too wide as key: value items', () => {
    const long = 'a description long enough that the table no longer fits a phone';
    assert.equal(convert(`| Key | Value |\n|---|---|\n| one | ${long} |`), `- **one**: ${long}`);
  });

  it('uses list items when a cell has a link or an image, which a code block would kill', () => {
    assert.equal(convert('| Doc | |\n|---|---|\n| [Setup](setup.md) | ok |'), '- **[Setup](https://git.example.com/r/setup.md)**: ok');
    assert.equal(convert('| Shot |\n|---|\n| ![s](https://example.com/s.png) |'), '- ![s](https://example.com/s.png)');
  });

  it('keeps the table narrow enough for a phone, or lists it', () => {
    const cells = (n: number): string => `| ${'x'.repeat(n)} | y |\n|---|---|\n| a | b |`;
    const fits = MONOSPACE_COLUMNS - 3;
    assert.ok(convert(cells(fits)).startsWith('```'));
    assert.ok(convert(cells(fits + 1)).startsWith('- '));
  });

  it('reads an HTML table: th cells as the header, align attributes, and a headerless grid as peers', () => {
    assert.deepEqual(block(convert('<table><tr><th>k</th><th align="right">v</th></tr><tr><td>a</td><td>10</td></tr><tr><td>b</td><td>2</td></tr></table>')), [
      'k   v',
      '-  --',
      'a  10',
      'b   2',
    ]);
    assert.equal(
      convert('<table><tr><td><a href="https://github.com/alice"><b>Alice</b></a></td><td><a href="https://github.com/bob"><b>Bob</b></a></td></tr></table>'),
      '- [**Alice**](https://github.com/alice) · [**Bob**](https://github.com/bob)',
    );
  });

  it('leaves no markdown table syntax behind', () => {
    const text = convert('| a | b |\n|---|---|\n| 1 | 2 |');
    assert.ok(!/\|\s*-{3}/.test(text), text);
  });
});
