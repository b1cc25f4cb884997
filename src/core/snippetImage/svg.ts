import { FontStyle } from './highlight';
import type { Cell, Row } from './layout';
import type { Paint, ResolvedTheme } from './theme';

/** Sizes in CSS pixels (the PNG has `scale` times as many), close to VS Code's default editor. */
export const METRICS = { fontSize: 14, lineHeight: 20, padding: 16, headerGap: 10, gutterGap: 2 } as const;

/**
 * Which font family draws a cell, whether that family is the primary (monospace) one, and, for a
 * cell of one character drawn with one glyph, that glyph's advance as a fraction of the em.
 */
export type FaceOf = (cell: Cell) => { family: string; primary: boolean; advance?: number };

export interface SvgInput {
  rows: Row[];
  columns: number;
  header: Cell[];
  theme: ResolvedTheme;
  faceOf: FaceOf;
  primaryFamily: string;
  /** Cell width in CSS pixels: the primary font's advance. */
  cellWidth: number;
  /** Where the baseline sits below the top of a row, in CSS pixels. */
  baseline: number;
  /** The gutter's width in cells: the widest line number or label. */
  labelColumns: number;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(paint: Paint): string {
  return paint.opacity < 1 ? `fill="${paint.hex}" fill-opacity="${paint.opacity.toFixed(3)}"` : `fill="${paint.hex}"`;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function sameStyle(a: Cell, b: Cell): boolean {
  return a.color.hex === b.color.hex && a.color.opacity === b.color.opacity && a.fontStyle === b.fontStyle;
}

/** Cells drawn as one piece of text: same style, same font, side by side. */
interface Segment {
  cells: Cell[];
  family: string;
  primary: boolean;
  /** For a segment of wide cells in another font: the one advance all its glyphs have, in em. */
  advance?: number;
}

/**
 * Cuts a row into segments: cells in the primary font of one style; cells in another font of one
 * style, width and glyph advance (so that one letter spacing keeps each of them on its cells).
 * Spaces draw nothing: they start no segment.
 */
function segmentsOf(cells: Cell[], input: SvgInput): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  while (i < cells.length) {
    const first = cells[i];
    if (first.text === ' ') {
      i++;
      continue;
    }
    const face = input.faceOf(first);
    const joins = (cell: Cell, previous: Cell): boolean => {
      if (cell.column !== previous.column + previous.width || !sameStyle(first, cell)) {
        return false;
      }
      const other = input.faceOf(cell);
      return face.primary ? other.primary : !other.primary && other.family === face.family && cell.width === first.width && face.advance !== undefined && other.advance === face.advance;
    };
    let j = i + 1;
    while (j < cells.length && joins(cells[j], cells[j - 1])) {
      j++;
    }
    segments.push({ cells: cells.slice(i, j), family: face.family, primary: face.primary, advance: face.advance });
    i = j;
  }
  return segments;
}

function styleAttributes(cell: Cell): string[] {
  const attributes = [fill(cell.color)];
  if (cell.fontStyle & FontStyle.bold) {
    attributes.push('font-weight="bold"');
  }
  if (cell.fontStyle & FontStyle.italic) {
    attributes.push('font-style="italic"');
  }
  return attributes;
}

const textOf = (segment: Segment): string => escapeXml(segment.cells.map((cell) => cell.text).join(''));
const endOf = (segment: Segment): number => segment.cells[segment.cells.length - 1].column + segment.cells[segment.cells.length - 1].width;
const narrow = (segment: Segment): boolean => segment.primary && segment.cells.every((cell) => cell.width === 1);

/**
 * One row's text, in as few text elements as keep every glyph on its cells: resvg lays out and
 * shapes each element on its own, which is most of its time. Stretches in the primary font go out
 * as one element from one start position (a monospace font keeps them on the grid by itself), each
 * style a tspan, the spaces between them written out. Wide cells in another font (a CJK ideograph
 * is one em, its two cells 1.2 em) are centred on their cells: a run of them by a letter spacing of
 * the difference (kerning off, which resvg takes only from `style`), a lone one by its middle.
 */
function rowText(cells: Cell[], left: number, y: number, input: SvgInput): string {
  const parts: string[] = [];
  const x = (column: number): string => round(left + column * input.cellWidth);
  const segments = segmentsOf(cells, input);
  for (let i = 0; i < segments.length; ) {
    const segment = segments[i];
    const first = segment.cells[0];
    let j = i + 1;
    if (narrow(segment)) {
      while (j < segments.length && narrow(segments[j])) {
        j++;
      }
    }
    if (j > i + 1) {
      const spans = segments.slice(i, j).map((part, k, all) => {
        const gap = k + 1 < all.length ? ' '.repeat(all[k + 1].cells[0].column - endOf(part)) : '';
        return `<tspan ${styleAttributes(part.cells[0]).join(' ')}>${textOf(part)}${gap}</tspan>`;
      });
      parts.push(`<text x="${x(first.column)}" y="${round(y)}">${spans.join('')}</text>`);
    } else if (segment.primary) {
      parts.push(`<text x="${x(first.column)}" y="${round(y)}" ${styleAttributes(first).join(' ')}>${textOf(segment)}</text>`);
    } else {
      const family = `font-family="${escapeXml(`'${segment.family}'`)}"`;
      if (segment.cells.length === 1 || segment.advance === undefined) {
        parts.push(`<text x="${round(left + (first.column + first.width / 2) * input.cellWidth)}" y="${round(y)}" ${styleAttributes(first).join(' ')} ${family} text-anchor="middle">${textOf(segment)}</text>`);
      } else {
        const spacing = first.width * input.cellWidth - segment.advance * METRICS.fontSize;
        parts.push(
          `<text x="${round(left + first.column * input.cellWidth + spacing / 2)}" y="${round(y)}" ${styleAttributes(first).join(' ')} ${family} letter-spacing="${Math.round(spacing * 10_000) / 10_000}" style="font-kerning:none">${textOf(segment)}</text>`,
        );
      }
    }
    for (const part of segments.slice(i, j)) {
      const style = part.cells[0].fontStyle;
      const lines = (style & FontStyle.underline ? [2] : []).concat(style & FontStyle.strikethrough ? [-METRICS.fontSize * 0.3] : []);
      for (const offset of lines) {
        const width = (endOf(part) - part.cells[0].column) * input.cellWidth;
        parts.push(`<rect x="${x(part.cells[0].column)}" y="${round(y + offset)}" width="${round(width)}" height="1" ${fill(part.cells[0].color)}/>`);
      }
    }
    i = j;
  }
  return parts.join('');
}

/** A hooked arrow (↪) drawn as a path, so it shows whatever the fonts: the mark of a row a long line wrapped onto. */
function wrapMarker(right: number, top: number, paint: Paint): string {
  const h = METRICS.lineHeight;
  const x0 = right - 11;
  const x1 = right - 2;
  const y0 = top + h * 0.3;
  const y1 = top + h * 0.62;
  return (
    `<path d="M${round(x0)} ${round(y0)}V${round(y1)}H${round(x1)}M${round(x1 - 3)} ${round(y1 - 3)}L${round(x1)} ${round(y1)}L${round(x1 - 3)} ${round(y1 + 3)}" ` +
    `fill="none" stroke="${paint.hex}" stroke-opacity="${paint.opacity.toFixed(3)}" stroke-width="1.2" stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

/** Part of the picture, and the CSS pixel rows it may draw on. */
interface SvgPiece {
  top: number;
  bottom: number;
  markup: string;
}

/** The picture as SVG pieces, sized in CSS pixels: `svgDocument` puts the whole of it, or a band of it, into one SVG. */
export interface SnippetSvg {
  width: number;
  height: number;
  /** Drawn under every band: the background, and the group the pieces go in. */
  head: string;
  pieces: SvgPiece[];
}

export function buildSvg(input: SvgInput): SnippetSvg {
  const { padding, lineHeight, headerGap, gutterGap, fontSize } = METRICS;
  const { theme, cellWidth } = input;
  const gutter = (input.labelColumns + gutterGap) * cellWidth;
  const headerWidth = input.header.length === 0 ? 0 : input.header[input.header.length - 1].column + input.header[input.header.length - 1].width;
  const width = Math.ceil(padding * 2 + Math.max(gutter + input.columns * cellWidth, headerWidth * cellWidth));
  const bodyTop = padding + lineHeight + headerGap;
  const height = Math.ceil(bodyTop + input.rows.length * lineHeight + padding);
  const codeLeft = padding + gutter;
  const head =
    `<rect width="${width}" height="${height}" ${fill(theme.background)}/>` +
    // Runs keep their inner spaces: without `preserve`, two spaces would collapse into one and shift the rest of the run.
    `<g font-family="${escapeXml(`'${input.primaryFamily}'`)}" font-size="${fontSize}" xml:space="preserve">`;
  // A glyph may reach a little past its row (accents, underlines): each piece may draw on the rows either side of its own.
  const piece = (top: number, markup: string): SvgPiece => ({ top: top - lineHeight, bottom: top + 2 * lineHeight, markup });
  const pieces: SvgPiece[] = [
    piece(
      padding,
      rowText(input.header, padding, padding + input.baseline, input) +
        `<rect x="${padding}" y="${padding + lineHeight + headerGap / 2}" width="${width - 2 * padding}" height="1" fill="${theme.lineNumber.hex}" fill-opacity="${(theme.lineNumber.opacity * 0.35).toFixed(3)}"/>`,
    ),
  ];
  input.rows.forEach((row, index) => {
    const top = bodyTop + index * lineHeight;
    const label = row.continued ? wrapMarker(codeLeft - cellWidth, top, theme.lineNumber) : rowText(row.label, padding, top + input.baseline, input);
    pieces.push(piece(top, label + rowText(row.cells, codeLeft, top + input.baseline, input)));
  });
  return { width, height, head, pieces };
}

/** The SVG of the whole picture, or of the band `height` CSS pixels tall from `top`, with only the pieces that draw on it. */
export function svgDocument(picture: SnippetSvg, top = 0, height = picture.height): string {
  const bottom = top + height;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${picture.width}" height="${height}" viewBox="0 ${top} ${picture.width} ${height}">`, picture.head];
  for (const piece of picture.pieces) {
    if (piece.bottom > top && piece.top < bottom) {
      parts.push(piece.markup);
    }
  }
  parts.push('</g></svg>');
  return parts.join('');
}
