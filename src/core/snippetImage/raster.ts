import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { once, wasmBytes, type WasmSource } from './wasm';

const loadResvg = once(async (source) => {
  await initWasm(await wasmBytes(source));
});

/**
 * The SVG as a PNG, `scale` times its CSS size, drawn by resvg with only the fonts given: its WebAssembly
 * build cannot see the system's fonts, so the picture is the same on every machine given the same fonts.
 */
export async function rasterize(svg: string, fonts: Uint8Array[], primaryFamily: string, scale: number, wasm: WasmSource): Promise<{ png: Uint8Array; width: number; height: number }> {
  await loadResvg(wasm);
  const resvg = new Resvg(svg, {
    font: { fontBuffers: fonts, defaultFontFamily: primaryFamily, monospaceFamily: primaryFamily },
    fitTo: { mode: 'zoom', value: scale },
  });
  try {
    const image = resvg.render();
    try {
      return { png: image.asPng(), width: image.width, height: image.height };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
