import { inputError } from '../errors';
import { fontFaces, type FontFace } from './fontFaces';
import { highlight, type GrammarSource, type InjectedGrammar } from './highlight';
import { headerCells, layout, type Cell, type Row } from './layout';
import { rasterize } from './raster';
import { buildSvg, METRICS } from './svg';
import { resolveTheme, type ResolvedTheme, type ThemeJson, type ThemeKind } from './theme';
import type { WasmSource } from './wasm';
import type { SnippetWarning } from './warnings';

export interface SnippetInput {
  /** The code as in the editor (any line endings; one final line break is dropped). */
  code: string;
  /** VS Code's language id, for messages; `plaintext` draws plain text without a warning. */
  language: string;
  /** The language's TextMate grammar; without it the code is drawn as plain text (with a warning). */
  grammar?: GrammarSource;
  /** Grammars the main one includes by scope name (embedded languages), if the host has them. */
  embeddedGrammars?: GrammarSource[];
  /** Grammars contributed with `injectTo`, applied as VS Code applies them: those injected into the main grammar's scope (or a scope it is under). */
  injectedGrammars?: InjectedGrammar[];
  /** The active color theme's JSON, `include` chain merged; without it a built-in theme of `themeKind`. */
  theme?: ThemeJson;
  themeKind?: ThemeKind;
  /** The file's line number of the first line. Default 1. */
  firstLine?: number;
  /**
   * What each line's gutter shows instead of its number (a diff's old and new line numbers), in
   * order, right-aligned in a gutter as wide as the widest; undefined, or past the end, leaves a
   * line unlabelled. `firstLine` is not used then.
   */
  lineLabels?: ReadonlyArray<string | undefined>;
  /** Shown above the code: the workspace-relative path and the line range. Never an absolute path. */
  header: string;
  /** The editor's tab size. Default 4. */
  tabSize?: number;
  /**
   * Font files' bytes, in order of preference: the first is the monospace font the code is set in
   * (with its bold and italic files after it, if any), then fallbacks for what it lacks (CJK, emoji,
   * symbols; see `findSystemFonts`). Only the files a snippet needs are handed to the rasterizer.
   */
  fonts: Uint8Array[];
  /** Lines wrap past this many columns. Default 100. */
  maxColumns?: number;
  /** More lines than this are refused. Default 300. */
  maxLines?: number;
  /** Pixels per CSS pixel. Default 2, for high-DPI screens. */
  scale?: number;
}

/** Where the two WebAssembly modules are: the host's build copies them beside its bundle. */
export interface SnippetAssets {
  /** `@resvg/resvg-wasm`'s `index_bg.wasm`. */
  resvgWasm: WasmSource;
  /** `vscode-oniguruma`'s `onig.wasm`. */
  onigWasm: WasmSource;
}

export interface SnippetImage {
  png: Uint8Array;
  /** In pixels, `scale` times the CSS size. */
  width: number;
  height: number;
  scale: number;
  /** Source lines drawn, and rows after wrapping. */
  lines: number;
  rows: number;
  /**
   * Which of `fonts` were handed to the rasterizer, by index: only those the picture's characters
   * need, since it copies each one in (a CJK collection is about 20 MB).
   */
  fontFiles: number[];
  warnings: SnippetWarning[];
}

const DEFAULT_MAX_COLUMNS = 100;
const DEFAULT_MAX_LINES = 300;
/** Wrapping may add rows, but an image taller than this is no longer readable on a phone. */
const MAX_ROWS_PER_LINE_ALLOWED = 2;
/** Joiners, variation selectors and tag characters: part of an emoji sequence, never drawn on their own. */
const NOT_DRAWN = /^(?:\u200d|[\ufe00-\ufe0f]|[\u{e0020}-\u{e007f}])$/u;
/** Within a CJK collection, the Simplified Chinese faces come first: DingTalk's users are mostly in mainland China. */
const SIMPLIFIED = /\b(SC|GB|Simplified)\b/i;

function integer(value: number | undefined, fallback: number, min: number, max: number): number {
  return value !== undefined && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function splitLines(code: string): string[] {
  const lines = code.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

interface Face {
  face: FontFace;
  file: number;
}

function facesOf(fonts: Uint8Array[]): Face[] {
  return fonts.flatMap((data, file) => {
    const faces = fontFaces(data).map((face) => ({ face, file }));
    return [...faces.filter(({ face }) => SIMPLIFIED.test(face.family)), ...faces.filter(({ face }) => !SIMPLIFIED.test(face.family))];
  });
}

/** Picks, for each cell, the first font that has all its characters, and notes the characters no font has. */
function facePicker(faces: Face[]): { pick: (cell: Cell) => Face; missing: Set<string> } {
  const primary = faces[0];
  const cache = new Map<string, Face>();
  const missing = new Set<string>();
  const pick = (cell: Cell): Face => {
    let chosen = cache.get(cell.text);
    if (!chosen) {
      const codePoints = [...cell.text].filter((c) => !NOT_DRAWN.test(c)).map((c) => c.codePointAt(0) as number);
      chosen =
        faces.find(({ face }) => codePoints.every((cp) => face.glyphOf(cp) !== 0)) ??
        faces.find(({ face }) => codePoints.length > 0 && face.glyphOf(codePoints[0]) !== 0);
      if (!chosen) {
        missing.add(cell.text);
        chosen = primary;
      }
      cache.set(cell.text, chosen);
    }
    return chosen;
  };
  return { pick, missing };
}

/** Every color the picture draws with, as opaque RGB over the background: what its pixels blend towards. */
function inksOf(theme: ResolvedTheme, rows: Row[]): number[] {
  const paints = [theme.foreground, theme.lineNumber, { hex: theme.lineNumber.hex, opacity: theme.lineNumber.opacity * 0.35 }, ...rows.flatMap((row) => row.cells.map((cell) => cell.color))];
  const bg = parseInt(theme.background.hex.slice(1), 16);
  return paints.map(({ hex, opacity }) => {
    const rgb = parseInt(hex.slice(1), 16);
    return [16, 8, 0].reduce((out, shift) => {
      const b = (bg >> shift) & 0xff;
      return (out << 8) | Math.round(b + (((rgb >> shift) & 0xff) - b) * opacity);
    }, 0);
  });
}

function describe(characters: string[]): string {
  return characters
    .slice(0, 20)
    .map((c) => `${c} (${[...c].map((p) => `U+${(p.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`).join(' ')})`)
    .join(', ');
}

/**
 * A code snippet as a PNG that looks like the user's editor: their theme's colors, their grammar's
 * highlighting, the file's line numbers, a header with the path, long lines wrapped with a marker,
 * and every character in a font that has it.
 *
 * Throws a DingTalkError (category `input`) for an empty snippet, one over `maxLines` lines, one too
 * tall once wrapped, or no usable font; everything it had to approximate is in `warnings`.
 */
export async function renderSnippet(input: SnippetInput, assets: SnippetAssets): Promise<SnippetImage> {
  const maxLines = integer(input.maxLines, DEFAULT_MAX_LINES, 1, 10_000);
  const maxColumns = integer(input.maxColumns, DEFAULT_MAX_COLUMNS, 20, 1_000);
  const lines = splitLines(input.code);
  if (lines.every((line) => line.trim() === '')) {
    throw inputError('snippetEmpty', 'The selection is empty: there is no code to draw.', '所选内容为空，没有可绘制的代码。');
  }
  if (lines.length > maxLines) {
    throw inputError(
      'snippetTooLong',
      `The snippet has ${lines.length} lines; an image holds at most ${maxLines}. Send it as text or as a file instead, or select fewer lines.`,
      `代码片段共 ${lines.length} 行，图片最多容纳 ${maxLines} 行。请改为以文本或文件形式发送，或少选一些行。`,
    );
  }
  const faces = facesOf(input.fonts);
  if (faces.length === 0) {
    throw inputError('snippetNoFont', 'None of the fonts given to the snippet renderer could be read.', '提供给代码图片渲染器的字体均无法读取。');
  }
  const warnings: SnippetWarning[] = [];
  const theme = resolveTheme(input.theme, input.themeKind, warnings);
  const styled = await highlight(
    lines,
    { grammar: input.grammar, embeddedGrammars: input.embeddedGrammars, injectedGrammars: input.injectedGrammars, language: input.language, theme, onigWasm: assets.onigWasm },
    warnings,
  );
  const firstLine = integer(input.firstLine, 1, 1, Number.MAX_SAFE_INTEGER - lines.length);
  const { rows, columns, labelColumns } = layout(styled, { firstLine, labels: input.lineLabels, labelColor: theme.lineNumber, tabSize: integer(input.tabSize, 4, 1, 32), maxColumns });
  if (rows.length > maxLines * MAX_ROWS_PER_LINE_ALLOWED) {
    throw inputError(
      'snippetTooTall',
      `Its long lines make the snippet ${rows.length} rows tall once wrapped at ${maxColumns} columns; an image holds at most ${maxLines * MAX_ROWS_PER_LINE_ALLOWED}. Send it as text or as a file instead.`,
      `代码片段的长行按 ${maxColumns} 列换行后共 ${rows.length} 行，图片最多容纳 ${maxLines * MAX_ROWS_PER_LINE_ALLOWED} 行。请改为以文本或文件形式发送。`,
    );
  }
  const primary = faces[0].face;
  const { pick, missing } = facePicker(faces);
  const header = headerCells(input.header, theme.foreground, maxColumns + labelColumns + METRICS.gutterGap);
  const { fontSize, lineHeight } = METRICS;
  const picture = buildSvg({
    rows,
    columns,
    header,
    theme,
    faceOf: (cell) => {
      const { face } = pick(cell);
      return { family: face.family, primary: face === primary, missing: missing.has(cell.text) };
    },
    primaryFamily: primary.family,
    cellWidth: primary.advance * fontSize,
    baseline: (lineHeight - (primary.ascent - primary.descent) * fontSize) / 2 + primary.ascent * fontSize,
    labelColumns,
  });
  if (missing.size > 0) {
    const characters = [...missing];
    warnings.push({
      code: 'missingGlyphs',
      en: `No font has ${characters.length === 1 ? 'this character' : 'these characters'}, drawn as empty boxes: ${describe(characters)}. Send the code as text to show ${characters.length === 1 ? 'it' : 'them'}.`,
      zh: `以下字符没有可用字体，显示为空框：${describe(characters)}。如需正确显示，请以文本形式发送代码。`,
      characters,
    });
  }
  // The rasterizer copies every font it is given: only the files whose families the picture uses go in.
  const families = new Set([primary.family, ...[...rows.flatMap((row) => [...row.label, ...row.cells]), ...header].filter((cell) => cell.text !== ' ').map((cell) => pick(cell).face.family)]);
  const fontFiles = input.fonts.flatMap((data, index) => (fontFaces(data).some((face) => families.has(face.family)) ? [index] : []));
  const used = fontFiles.map((index) => input.fonts[index]);
  const scale = input.scale !== undefined && input.scale > 0 && input.scale <= 4 ? input.scale : 2;
  const image = await rasterize(picture, used, primary.family, scale, inksOf(theme, rows), assets.resvgWasm);
  return { ...image, scale, lines: lines.length, rows: rows.length, fontFiles, warnings };
}
