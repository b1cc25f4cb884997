import { displayWidth } from '../markdown/displayWidth';
import type { StyledSpan } from './highlight';
import type { Paint } from './theme';

/** One user-perceived character placed on the grid. */
export interface Cell {
  text: string;
  column: number;
  /** Columns it takes: 2 for East Asian wide characters and emoji. */
  width: number;
  color: Paint;
  fontStyle: number;
}

export interface Row {
  /** In the gutter of a line's first row, right-aligned: its line number, or its label; empty for an unlabelled line and on the rows a long line wraps onto. */
  label: Cell[];
  /** A row a long line wraps onto: its gutter shows the wrap marker. */
  continued: boolean;
  cells: Cell[];
}

export interface LayoutOptions {
  firstLine: number;
  /** Per line, what its gutter shows instead of its number; undefined (or past the end) leaves the line unlabelled. */
  labels?: ReadonlyArray<string | undefined>;
  labelColor: Paint;
  tabSize: number;
  maxColumns: number;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const SIMPLE = /^[\x20-\x7e]*$/;
/** Where a wrapped row may break at a space: not before this share of the row, or the row ends up short. */
const EARLIEST_BREAK = 0.6;
/** Wrapped rows keep the line's indentation, as VS Code's `wrappingIndent: same`, up to this share of the width. */
const MAX_WRAP_INDENT = 0.4;

/** C0 controls and DEL would make the SVG invalid or vanish: they are shown as their Control Pictures, as a hex editor would. */
function visible(cluster: string): string {
  const code = cluster.charCodeAt(0);
  if (cluster.length === 1 && (code < 0x20 || code === 0x7f)) {
    return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
  }
  return cluster.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A line's characters on an unbounded grid: tabs expanded to the next tab stop, wide characters two columns. */
function cellsOf(spans: StyledSpan[], tabSize: number): Cell[] {
  const cells: Cell[] = [];
  let column = 0;
  for (const span of spans) {
    const clusters = SIMPLE.test(span.text) ? span.text : Array.from(graphemes.segment(span.text), (s) => s.segment);
    for (const cluster of clusters) {
      if (cluster === '\t') {
        const stop = (Math.floor(column / tabSize) + 1) * tabSize;
        for (; column < stop; column++) {
          cells.push({ text: ' ', column, width: 1, color: span.color, fontStyle: span.fontStyle });
        }
        continue;
      }
      const text = visible(cluster);
      const width = text.length === 1 && text >= ' ' && text <= '~' ? 1 : displayWidth(text);
      if (width === 0) {
        continue;
      }
      cells.push({ text, column, width, color: span.color, fontStyle: span.fontStyle });
      column += width;
    }
  }
  return cells;
}

function leadingWidth(cells: Cell[]): number {
  const first = cells.findIndex((cell) => cell.text !== ' ');
  return first < 0 ? 0 : cells[first].column;
}

/** Cuts a line into rows of at most `maxColumns`, at a space near the end of the row where there is one. */
function wrap(cells: Cell[], maxColumns: number, label: Cell[]): Row[] {
  const rows: Row[] = [];
  const indent = Math.min(leadingWidth(cells), Math.floor(maxColumns * MAX_WRAP_INDENT));
  let start = 0;
  while (start < cells.length || rows.length === 0) {
    const origin = rows.length === 0 ? 0 : indent;
    const shift = cells[start] ? cells[start].column - origin : 0;
    let end = start;
    while (end < cells.length && cells[end].column + cells[end].width - shift <= maxColumns) {
      end++;
    }
    if (end < cells.length) {
      const earliest = origin + (maxColumns - origin) * EARLIEST_BREAK;
      for (let i = end - 1; i > start; i--) {
        if (cells[i].column - shift < earliest) {
          break;
        }
        if (cells[i].text === ' ' && cells[i + 1].text !== ' ') {
          end = i + 1;
          break;
        }
      }
      end = Math.max(end, start + 1);
    }
    rows.push({
      label: rows.length === 0 ? label : [],
      continued: rows.length > 0,
      cells: cells.slice(start, end).map((cell) => ({ ...cell, column: cell.column - shift })),
    });
    start = end;
  }
  return rows;
}

const widthOf = (cells: Cell[]): number => (cells.length === 0 ? 0 : cells[cells.length - 1].column + cells[cells.length - 1].width);

/** The rows the image shows, the widest row's columns, and the gutter's: the widest label's. */
export function layout(lines: StyledSpan[][], options: LayoutOptions): { rows: Row[]; columns: number; labelColumns: number } {
  const labels = lines.map((_, index) => {
    const text = options.labels ? options.labels[index] : String(options.firstLine + index);
    return text ? cellsOf([{ text: text.replace(/\s/g, ' '), color: options.labelColor, fontStyle: 0 }], 1) : [];
  });
  const labelColumns = labels.reduce((widest, cells) => Math.max(widest, widthOf(cells)), 0);
  const rightAligned = (cells: Cell[]): Cell[] => {
    const shift = labelColumns - widthOf(cells);
    return cells.map((cell) => ({ ...cell, column: cell.column + shift }));
  };
  const rows = lines.flatMap((spans, index) => wrap(cellsOf(spans, options.tabSize), options.maxColumns, rightAligned(labels[index])));
  const columns = rows.reduce((widest, row) => Math.max(widest, widthOf(row.cells)), 0);
  return { rows, columns, labelColumns };
}

/** A header on the grid, shortened from the left (the file name is what matters) to fit `maxColumns`. */
export function headerCells(header: string, color: Paint, maxColumns: number): Cell[] {
  const cells = cellsOf([{ text: header.replace(/\s/g, ' '), color, fontStyle: 0 }], 1);
  if (widthOf(cells) <= maxColumns) {
    return cells;
  }
  let start = 0;
  while (start < cells.length && widthOf(cells) - cells[start].column + 1 > maxColumns) {
    start++;
  }
  const kept = cells.slice(start);
  const offset = kept[0]?.column ?? 0;
  return [{ text: '…', column: 0, width: 1, color, fontStyle: 0 }, ...kept.map((cell) => ({ ...cell, column: cell.column - offset + 1 }))];
}
