import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { indexedPng } from './indexedPng';
import { once, wasmBytes, type WasmSource } from './wasm';

const loadResvg = once(async (source) => {
  await initWasm(await wasmBytes(source));
});

/**
 * The SVG as a PNG (indexed, see indexedPng, where the colors allow), `scale` times its CSS size, drawn by resvg with only the fonts given: its WebAssembly
 * build cannot see the system's fonts, so the picture is the same on every machine given the same fonts.
 */
export async function rasterize(
  svg: string,
  fonts: Uint8Array[],
  primaryFamily: string,
  scale: number,
  inks: number[],
  wasm: WasmSource,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  await loadResvg(wasm);
  const resvg = new Resvg(svg, {
    font: { fontBuffers: fonts, defaultFontFamily: primaryFamily, monospaceFamily: primaryFamily },
    fitTo: { mode: 'zoom', value: scale },
  });
  try {
    const image = resvg.render();
    try {
      const png = indexedPng(image.pixels, image.width, image.height, inks) ?? image.asPng();
      return { png, width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
