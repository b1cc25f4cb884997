import { FontStyle } from './highlight';
import type { GlyphDefinition, GlyphShape } from './glyphOutlines';
import type { Cell, Row } from './layout';
import type { Paint, ResolvedTheme } from './theme';

/** Sizes in CSS pixels (the PNG has `scale` times as many), close to VS Code's default editor. */
export const METRICS = { fontSize: 14, lineHeight: 20, padding: 16, headerGap: 10, gutterGap: 2 } as const;

/**
 * Which font family draws a cell, whether that family is the primary (monospace) one, and whether no
 * font has any of its characters (it is drawn as one empty box, centred on its cells).
 */
export type FaceOf = (cell: Cell) => { family: string; primary: boolean; missing: boolean };

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

/**
 * A cell's glyph: its number (its `<use>`s point at `#g<number>`), and whether it is in the primary
 * font; its font is that of `faceCell` (the first cell of a right-to-left run).
 */
type GlyphOf = (cell: Cell, faceCell?: Cell) => { id: number; primary: boolean };

/** Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms), most of them joining their letters. */
const RIGHT_TO_LEFT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * European and Arabic digits (the bidi classes EN and AN): after right-to-left letters, the Unicode
 * bidi algorithm keeps them in the letters' run (rules W2, W7), their own digits left to right.
 */
const DIGIT = /^[0-9\u00b2\u00b3\u00b9\u0660-\u0669\u06f0-\u06f9\u2070\u2074-\u2079\u2080-\u2089\uff10-\uff19]$/;
/** Spaces, punctuation and symbols, but brackets (which the bidi algorithm pairs): neutral, they take the direction of the text on both sides (rule N1). */
const NEUTRAL = /^(?:(?![\p{Ps}\p{Pe}])[\p{Z}\p{P}\p{S}])+$/u;

/**
 * Where the run of right-to-left text starting at cell `start` ends: side by side, one style, the
 * right-to-left letters and the digits after them, and the spaces and punctuation between them, as
 * the bidi algorithm of the editor's left-to-right line resolves them. Laid out as one text, its
 * letters join, its words read from right to left and a number stays where the editor shows it;
 * character by character, or cut at each digit, they would not.
 */
function rightToLeftEnd(cells: Cell[], start: number): number {
  let end = start + 1;
  for (let j = start + 1; j < cells.length && cells[j].column === cells[j - 1].column + cells[j - 1].width && sameStyle(cells[start], cells[j]); j++) {
    if (RIGHT_TO_LEFT.test(cells[j].text) || DIGIT.test(cells[j].text)) {
      end = j + 1;
    } else if (!NEUTRAL.test(cells[j].text)) {
      break;
    }
  }
  return end;
}

/**
 * A cell's glyph set alone at the origin: in the primary font from its left edge (the monospace
 * font keeps it on the grid); in another font centred (a CJK ideograph is one em, its two cells
 * 1.2 em), so that it is drawn centred on its cells.
 */
function glyphDefinition(cell: Cell, family: string, centred: boolean): GlyphDefinition {
  const attributes = [`font-family="${escapeXml(`'${family}'`)}"`, `font-size="${METRICS.fontSize}"`];
  if (cell.fontStyle & FontStyle.bold) {
    attributes.push('font-weight="bold"');
  }
  if (cell.fontStyle & FontStyle.italic) {
    attributes.push('font-style="italic"');
  }
  if (centred) {
    attributes.push('text-anchor="middle"');
  }
  if (cell.text.includes(' ')) {
    attributes.push('xml:space="preserve"');
  }
  return `<text id="{id}" ${attributes.join(' ')}>${escapeXml(cell.text)}</text>`;
}

/**
 * One row's text: each character (each run of right-to-left text) a `<use>` of its glyph's outline
 * (see glyphOutlines), placed on its cells and filled with its color; then the underlines and strike-throughs of each run of one
 * style. Spaces draw nothing.
 */
function rowText(cells: Cell[], left: number, y: number, input: SvgInput, glyphOf: GlyphOf): string {
  const parts: string[] = [];
  const x = (column: number): string => round(left + column * input.cellWidth);
  const baseline = round(y);
  for (let i = 0; i < cells.length; ) {
    const cell = cells[i];
    if (cell.text === ' ') {
      i++;
      continue;
    }
    const end = RIGHT_TO_LEFT.test(cell.text) ? rightToLeftEnd(cells, i) : i + 1;
    const last = cells[end - 1];
    const drawn = end === i + 1 ? cell : { ...cell, text: cells.slice(i, end).map((c) => c.text).join(''), width: last.column + last.width - cell.column };
    const { id, primary } = glyphOf(drawn, cell);
    parts.push(`<use href="#g${id}" x="${x(primary ? drawn.column : drawn.column + drawn.width / 2)}" y="${baseline}" ${fill(cell.color)}/>`);
    i = end;
  }
  for (let i = 0; i < cells.length; ) {
    if (cells[i].text === ' ') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < cells.length && cells[j].column === cells[j - 1].column + cells[j - 1].width && sameStyle(cells[i], cells[j])) {
      j++;
    }
    const style = cells[i].fontStyle;
    const lines = (style & FontStyle.underline ? [2] : []).concat(style & FontStyle.strikethrough ? [-METRICS.fontSize * 0.3] : []);
    for (const offset of lines) {
      const width = (cells[j - 1].column + cells[j - 1].width - cells[i].column) * input.cellWidth;
      parts.push(`<rect x="${x(cells[i].column)}" y="${round(y + offset)}" width="${round(width)}" height="1" ${fill(cells[i].color)}/>`);
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

/** Part of the picture, the CSS pixel rows it may draw on, and the glyphs it uses. */
interface SvgPiece {
  top: number;
  bottom: number;
  markup: string;
  glyphs: Set<number>;
}

/** The picture as SVG pieces, sized in CSS pixels: `svgDocument` puts the whole of it, or a band of it, into one SVG. */
export interface SnippetSvg {
  width: number;
  height: number;
  /** Drawn under every band: the background. */
  head: string;
  pieces: SvgPiece[];
  /** The glyphs the pieces use, by number: what `glyphShapes` outlines. */
  glyphs: GlyphDefinition[];
}

export function buildSvg(input: SvgInput): SnippetSvg {
  const { padding, lineHeight, headerGap, gutterGap } = METRICS;
  const { theme, cellWidth } = input;
  const gutter = (input.labelColumns + gutterGap) * cellWidth;
  const headerWidth = input.header.length === 0 ? 0 : input.header[input.header.length - 1].column + input.header[input.header.length - 1].width;
  const width = Math.ceil(padding * 2 + Math.max(gutter + input.columns * cellWidth, headerWidth * cellWidth));
  const bodyTop = padding + lineHeight + headerGap;
  const height = Math.ceil(bodyTop + input.rows.length * lineHeight + padding);
  const codeLeft = padding + gutter;
  const head = `<rect width="${width}" height="${height}" ${fill(theme.background)}/>`;
  const glyphs: GlyphDefinition[] = [];
  const known = new Map<string, { id: number; primary: boolean }>();
  let used = new Set<number>();
  const glyphOf: GlyphOf = (cell, faceCell = cell) => {
    // The face follows from the text (see FaceOf; a run's from its first character): the text and the style name the glyph.
    const key = `${cell.fontStyle & (FontStyle.bold | FontStyle.italic)}${cell.text}`;
    let glyph = known.get(key);
    if (!glyph) {
      const face = input.faceOf(faceCell);
      // Laid out whole, a cluster no font has is a box for each of its code points, spilling onto the next cells.
      const missing = face.missing && faceCell === cell;
      glyph = { id: glyphs.length, primary: face.primary && !missing };
      glyphs.push(glyphDefinition(missing ? { ...cell, text: String.fromCodePoint(cell.text.codePointAt(0) as number) } : cell, face.family, !glyph.primary));
      known.set(key, glyph);
    }
    used.add(glyph.id);
    return glyph;
  };
  // A glyph may reach a little past its row (accents, underlines): each piece may draw on the rows either side of its own.
  const piece = (top: number, markup: string): SvgPiece => {
    const glyphs = used;
    used = new Set();
    return { top: top - lineHeight, bottom: top + 2 * lineHeight, markup, glyphs };
  };
  const pieces: SvgPiece[] = [
    piece(
      padding,
      rowText(input.header, padding, padding + input.baseline, input, glyphOf) +
        `<rect x="${padding}" y="${padding + lineHeight + headerGap / 2}" width="${width - 2 * padding}" height="1" fill="${theme.lineNumber.hex}" fill-opacity="${(theme.lineNumber.opacity * 0.35).toFixed(3)}"/>`,
    ),
  ];
  input.rows.forEach((row, index) => {
    const top = bodyTop + index * lineHeight;
    const label = row.continued ? wrapMarker(codeLeft - cellWidth, top, theme.lineNumber) : rowText(row.label, padding, top + input.baseline, input, glyphOf);
    pieces.push(piece(top, label + rowText(row.cells, codeLeft, top + input.baseline, input, glyphOf)));
  });
  return { width, height, head, pieces, glyphs };
}

/**
 * The SVG of the whole picture, or of the band `height` CSS pixels tall from `top`, with only the
 * pieces that draw on it and the glyphs those use, given their `shapes` (by number); and whether a
 * glyph in it is still text, which needs the fonts.
 */
export function svgDocument(picture: SnippetSvg, shapes: GlyphShape[], top = 0, height = picture.height): { svg: string; text: boolean } {
  const bottom = top + height;
  const body: string[] = [];
  const glyphs = new Set<number>();
  for (const piece of picture.pieces) {
    if (piece.bottom > top && piece.top < bottom) {
      body.push(piece.markup);
      piece.glyphs.forEach((id) => glyphs.add(id));
    }
  }
  let text = false;
  const defs = [...glyphs].map((id) => {
    const { path } = shapes[id];
    if (path === undefined) {
      text = true;
      return picture.glyphs[id].replace('{id}', `g${id}`);
    }
    return `<path id="g${id}" d="${path}"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${picture.width}" height="${height}" viewBox="0 ${top} ${picture.width} ${height}"><defs>${defs.join('')}</defs>${picture.head}${body.join('')}</svg>`;
  return { svg, text };
}
