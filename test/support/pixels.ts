import { PNG } from 'pngjs';

/** How many pixels of the PNG `png` are within a few levels of `color` (RGB) in every channel. */
export function pixelsOf(png: Buffer, color: [number, number, number]): number {
  const { data } = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - color[0]) <= 4 && Math.abs(data[i + 1] - color[1]) <= 4 && Math.abs(data[i + 2] - color[2]) <= 4) {
      n += 1;
    }
  }
  return n;
}
