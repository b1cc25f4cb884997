import { displayWidth } from './displayWidth';
import { text, type Align, type Block, type Inline, type List, type Table } from './ir';
import { finishSoftBreaks, plainText } from './inline';

/**
 * The widest table kept as an aligned monospace block. A phone shows about 40 half-width columns of
 * DingTalk's code font in a message; a wider block wraps its lines and the columns fall apart.
 */
export const MONOSPACE_COLUMNS = 40;
const GAP = '  ';

/** Links and images do not work inside a code block, and a line break cannot be aligned. */
function needsMarkdown(nodes: readonly Inline[]): boolean {
  return nodes.some(
    (n) =>
      n.kind === 'break' ||
      n.kind === 'image' ||
      (n.kind === 'link' && n.href !== undefined) ||
      ('children' in n && needsMarkdown(n.children)),
  );
}

function cellText(cell: readonly Inline[]): string {
  return finishSoftBreaks(plainText(cell)).replace(/\s+/g, ' ').trim();
}

/** Text, an image or a link: a cell holding only a line break is empty. */
function cellHasContent(cell: readonly Inline[]): boolean {
  // Most cells start with their text: no need to build the cell's plain text to know it has some.
  if (cell.some((n) => n.kind === 'text' && /\S/.test(n.text))) {
    return true;
  }
  return cellText(cell) !== '' || cell.some((n) => n.kind === 'image' || (n.kind === 'link' && n.href !== undefined) || ('children' in n && cellHasContent(n.children)));
}

function pad(cell: Cell, width: number, align: Align): string {
  const gap = width - cell.width;
  if (align === 'right') {
    return ' '.repeat(gap) + cell.text;
  }
  if (align === 'center') {
    const left = Math.floor(gap / 2);
    return ' '.repeat(left) + cell.text + ' '.repeat(gap - left);
  }
  return cell.text + ' '.repeat(gap);
}

interface Cell {
  text: string;
  width: number;
}

/** The table as aligned columns of plain text, or undefined when it would not fit a phone. */
function monospace(table: Table, columns: number): string | undefined {
  const widths: number[] = new Array(columns).fill(1);
  const cells = (row: readonly Inline[][]): Cell[] =>
    Array.from({ length: columns }, (_, c) => {
      const value = cellText(row[c] ?? []);
      const width = displayWidth(value);
      widths[c] = Math.max(widths[c], width);
      return { text: value, width };
    });
  const header = table.header ? cells(table.header) : undefined;
  const rows: Cell[][] = [];
  for (const row of table.rows) {
    rows.push(cells(row));
    if (widths.reduce((a, b) => a + b, 0) + GAP.length * (columns - 1) > MONOSPACE_COLUMNS) {
      return undefined;
    }
  }
  const line = (row: Cell[]): string => row.map((cell, c) => pad(cell, widths[c], table.align[c])).join(GAP).trimEnd();
  const lines = rows.map(line);
  if (header?.some((cell) => cell.text)) {
    lines.unshift(line(header), widths.map((w) => '-'.repeat(w)).join(GAP));
  }
  return lines.join('\n');
}

/** Content about to be made bold, with its own bold removed (`****` would not read as bold). */
function withoutStrong(nodes: readonly Inline[], out: Inline[] = []): Inline[] {
  for (const n of nodes) {
    if (n.kind === 'strong') {
      withoutStrong(n.children, out);
    } else {
      out.push('children' in n ? { ...n, children: withoutStrong(n.children) } : n);
    }
  }
  return out;
}

/** Appends the cells to `out`, `separator` between them. */
function joinCells(cells: readonly (readonly Inline[])[], separator: string, out: Inline[]): Inline[] {
  cells.forEach((cell, i) => {
    if (i > 0) {
      out.push(text(separator));
    }
    out.push(...cell);
  });
  return out;
}

/**
 * A row as one line: the first cell in bold, then each other cell after its column's header,
 * `**timeout** · Type: number · Default: 3000`; two columns read as `**key**: value`. Without a header
 * (a layout grid: contributors, logos) or with one column, the cells are peers: `a · b`.
 */
function rowLine(row: readonly Inline[][], labels: string[] | undefined): Inline[] {
  if (!labels || row.length === 1) {
    return joinCells(row.filter(cellHasContent), ' · ', []);
  }
  const rest: Inline[][] = [];
  for (let c = 1; c < row.length; c++) {
    const cell = row[c];
    if (cellHasContent(cell)) {
      const label = row.length > 2 ? labels[c] : '';
      rest.push(label ? [text(`${label}: `), ...cell] : cell);
    }
  }
  if (!row[0] || !cellHasContent(row[0])) {
    return joinCells(rest, ' · ', []);
  }
  const out: Inline[] = [{ kind: 'strong', children: withoutStrong(row[0]) }];
  for (const cell of rest) {
    out.push(text(row.length === 2 ? ': ' : ' · '), ...cell);
  }
  return out;
}

function listOfRows(table: Table, columns: number): List {
  const header = table.header;
  const labels = header && Array.from({ length: columns }, (_, i) => (header[i] ? cellText(header[i]) : ''));
  const rows = table.rows.filter((row) => row.some(cellHasContent));
  const items = rows.map((row) => ({ blocks: [{ kind: 'paragraph', content: rowLine(row, labels) } as Block] }));
  return { kind: 'list', ordered: false, start: 1, tight: true, items };
}

/**
 * What DingTalk shows for a table (it renders none): a monospace block with columns aligned by display
 * width when the table is narrow enough for a phone and holds only text; otherwise one list item per
 * row, which wraps cleanly on any screen and keeps links and images working.
 */
export function tableBlock(table: Table): Block | undefined {
  const columns = table.rows.reduce((n, r) => Math.max(n, r.length), Math.max(table.align.length, table.header?.length ?? 0));
  if (columns === 0) {
    return undefined;
  }
  const plain = table.header?.some(needsMarkdown) || table.rows.some((row) => row.some(needsMarkdown)) ? undefined : monospace(table, columns);
  if (plain !== undefined) {
    return { kind: 'code', lang: '', text: plain };
  }
  const list = listOfRows(table, columns);
  if (list.items.length > 0) {
    return list;
  }
  const labels = table.header?.filter(cellHasContent) ?? [];
  return labels.length > 0 ? { kind: 'paragraph', content: joinCells(labels, ' · ', []) } : undefined;
}
