import * as assert from 'assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { SnippetAssets, SnippetInput } from '../../../../src/core/snippetImage';
import { renderSnippet } from '../../../../src/core/snippetImage';
import { repoRoot } from '../../../support/repo';

const modules = join(repoRoot, 'node_modules');

/** The two WebAssembly modules, from the installed packages (the build copies the same files). */
export const assets: SnippetAssets = {
  resvgWasm: join(modules, '@resvg/resvg-wasm/index_bg.wasm'),
  onigWasm: join(modules, 'vscode-oniguruma/release/onig.wasm'),
};

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/** The font the extension ships: Source Code Pro, regular, bold and italic. */
export const codeFonts = ['Regular', 'Bold', 'It'].map((style) => read(join(modules, `source-code-pro/OTF/SourceCodePro-${style}.otf`)));

/** Debian's fonts-noto-cjk, which .ci/run and test/e2e/setup.sh install. */
export const CJK_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
let cjk: Uint8Array | undefined;
export function cjkFont(): Uint8Array | undefined {
  if (!cjk && existsSync(CJK_FONT_PATH)) {
    cjk = read(CJK_FONT_PATH);
  }
  return cjk;
}

/** Debian's fonts-dejavu-core (which .ci/run installs): the symbols fallback, with Arabic and Hebrew. */
export const SYMBOLS_FONT_PATH = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
export function symbolsFont(): Uint8Array {
  if (!existsSync(SYMBOLS_FONT_PATH)) {
    assert.fail(`${SYMBOLS_FONT_PATH} is missing: install Debian's fonts-dejavu-core (.ci/run does)`);
  }
  return read(SYMBOLS_FONT_PATH);
}

/** VS Code's TypeScript grammar and Dark+/Light+ themes, as the tm-grammars and tm-themes packages ship them. */
export const typescriptGrammar = JSON.parse(readFileSync(join(modules, 'tm-grammars/grammars/typescript.json'), 'utf8')) as object;
export const darkPlus = JSON.parse(readFileSync(join(modules, 'tm-themes/themes/dark-plus.json'), 'utf8')) as { colors: Record<string, string> };
export const lightPlus = JSON.parse(readFileSync(join(modules, 'tm-themes/themes/light-plus.json'), 'utf8')) as { colors: Record<string, string> };

export interface Decoded {
  width: number;
  height: number;
  data: Buffer;
}

export function decode(png: Uint8Array): Decoded {
  return PNG.sync.read(Buffer.from(png));
}

export async function render(input: Partial<SnippetInput> & { code: string }) {
  const image = await renderSnippet({ language: 'typescript', header: 'src/example.ts', fonts: codeFonts, ...input }, assets);
  return { ...image, pixels: decode(image.png) };
}

export type Rgb = [number, number, number];

export function hex(color: string): Rgb {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as Rgb;
}

export function pixel(image: Decoded, x: number, y: number): Rgb {
  const i = (y * image.width + x) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The box on whole pixels: a fractional edge would read between pixels (nothing) and count it as ink. */
function pixelBox(image: Decoded, box: Box): Box {
  return { x0: Math.max(0, Math.round(box.x0)), y0: Math.max(0, Math.round(box.y0)), x1: Math.min(image.width, Math.round(box.x1)), y1: Math.min(image.height, Math.round(box.y1)) };
}

/** Pixels in the box within `tolerance` (per channel) of `color`. */
export function count(image: Decoded, fractional: Box, color: Rgb, tolerance = 6): number {
  const box = pixelBox(image, fractional);
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const p = pixel(image, x, y);
      if (Math.abs(p[0] - color[0]) <= tolerance && Math.abs(p[1] - color[1]) <= tolerance && Math.abs(p[2] - color[2]) <= tolerance) {
        n++;
      }
    }
  }
  return n;
}

/** Pixels in the box that are not the background: ink. */
export function ink(image: Decoded, fractional: Box, background: Rgb): number {
  const box = pixelBox(image, fractional);
  const area = Math.max(0, box.x1 - box.x0) * Math.max(0, box.y1 - box.y0);
  return area - count(image, box, background, 2);
}

/**
 * The grid the renderer draws on, in PNG pixels at scale 2, for Source Code Pro (advance 0.6 em) at
 * 14 px with 20 px rows: mirrors METRICS in src/core/snippetImage/svg.ts.
 */
export const grid = {
  scale: 2,
  cell: 0.6 * 14 * 2,
  row: 20 * 2,
  padding: 16 * 2,
  /** The top of the first code row: padding, header row, gap. */
  bodyTop: (16 + 20 + 10) * 2,
  codeLeft(digits: number): number {
    return this.padding + (digits + 2) * this.cell;
  },
  /** The box of `columns` cells from `column` on row `row` (0-based) of the code. */
  cells(digits: number, row: number, column: number, columns: number): Box {
    const x0 = Math.floor(this.codeLeft(digits) + column * this.cell);
    const y0 = this.bodyTop + row * this.row;
    return { x0, y0, x1: Math.ceil(this.codeLeft(digits) + (column + columns) * this.cell), y1: y0 + this.row };
  },
};
