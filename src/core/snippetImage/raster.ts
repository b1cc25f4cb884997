import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { glyphShapes } from './glyphOutlines';
import { IndexedPngWriter } from './indexedPng';
import { METRICS, svgDocument, type SnippetSvg } from './svg';
import { once, wasmBytes, type WasmSource } from './wasm';

/**
 * Read and compiled on the first render once the code is tokenized, not alongside it: V8's compiler
 * memory for the 2.5 MB module then came on top of tokenizing's, for a peak RSS 5-25 MB higher
 * and less steady (bench, 100 lines: 187-189 MB in 8 of 9 processes, against 184-216 MB).
 */
const loadResvg = once(async (source) => {
  await initWasm(await wasmBytes(source));
});

/**
 * At most about this many pixels are drawn at a time. resvg's WebAssembly memory never shrinks, and
 * a 300-line picture at 2× is 20 million pixels: drawn whole, its RGBA copies inside resvg and in
 * JavaScript would hold hundreds of MB for the rest of the session.
 */
const BAND_PIXELS = 2_000_000;

interface Drawn {
  pixels: Uint8Array;
  width: number;
  height: number;
  png(): Uint8Array;
}

function draw<T>(svg: string, fonts: Uint8Array[], primaryFamily: string, scale: number, use: (image: Drawn) => T): T {
  const resvg = new Resvg(svg, {
    font: { fontBuffers: fonts, defaultFontFamily: primaryFamily, monospaceFamily: primaryFamily },
    fitTo: { mode: 'zoom', value: scale },
  });
  try {
    const image = resvg.render();
    try {
      return use({ pixels: image.pixels, width: image.width, height: image.height, png: () => image.asPng() });
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * CSS pixel bands of the picture, each a whole number of PNG pixels tall and cut between code rows,
 * where glyphs rarely reach; one band when `scale` is not a whole number.
 */
function bandsOf(picture: SnippetSvg, scale: number): { top: number; height: number }[] {
  if (!Number.isInteger(scale)) {
    return [{ top: 0, height: picture.height }];
  }
  const { padding, lineHeight, headerGap } = METRICS;
  const rows = Math.max(1, Math.floor(BAND_PIXELS / (picture.width * scale * scale * lineHeight)));
  const bands = [];
  for (let top = 0; top < picture.height; ) {
    const bottom = top === 0 ? padding + lineHeight + headerGap + rows * lineHeight : top + rows * lineHeight;
    bands.push({ top, height: Math.min(bottom, picture.height) - top });
    top = bottom;
  }
  return bands;
}

/**
 * The SVG as a PNG (indexed, see indexedPng, where the colors allow), `scale` times its CSS size, drawn by resvg with only the fonts given: its WebAssembly
 * build cannot see the system's fonts, so the picture is the same on every machine given the same fonts.
 * Drawn band by band (`BAND_PIXELS`), each band an SVG of only the rows that reach into it.
 */
export async function rasterize(
  picture: SnippetSvg,
  fonts: Uint8Array[],
  primaryFamily: string,
  scale: number,
  inks: number[],
  wasm: WasmSource,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  await loadResvg(wasm);
  const shapes = glyphShapes(picture.glyphs, fonts, primaryFamily);
  // Outlined glyphs need no fonts: resvg copies each font it is given in again for every band.
  const drawDocument = <T>({ svg, text }: { svg: string; text: boolean }, use: (image: Drawn) => T): T => draw(svg, text ? fonts : [], primaryFamily, scale, use);
  const bands = bandsOf(picture, scale);
  let writer: IndexedPngWriter | undefined;
  for (const band of bands) {
    const indexed = drawDocument(svgDocument(picture, shapes, band.top, band.height), (image) => {
      writer ??= new IndexedPngWriter(image.width, bands.length === 1 ? image.height : picture.height * scale, inks);
      return writer.add(image.pixels);
    });
    if (!indexed) {
      // Too many colors for a palette: resvg's own RGBA PNG of the whole picture.
      return drawDocument(svgDocument(picture, shapes), (image) => ({ png: image.png(), width: image.width, height: image.height }));
    }
  }
  const done = writer as IndexedPngWriter;
  return { png: done.png(), width: done.width, height: done.height };
}
