import * as assert from 'assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../support/repo';
import { darkPlus, decode, pixel, render, typescriptGrammar } from './support';

/** Regenerate after an intended layout change: UPDATE_GOLDEN=1 npx mocha out/test/unit/core/snippetImage/golden.test.js */
const GOLDEN = join(repoRoot, 'test/fixtures/snippetImage/golden.png');
/** Pixels may differ this much per channel (antialiasing after a resvg or font update)… */
const CHANNEL_TOLERANCE = 48;
/** …and this share of pixels may differ by more. A moved row or column changes far more. */
const PIXEL_SHARE = 0.005;

const CODE = [
  'export function fib(n: number): number {',
  '\tif (n < 2) {',
  "\t\treturn n; // base case",
  '\t}',
  '\treturn fib(n - 1) + fib(n - 2);',
  '}',
  `const table = [${Array.from({ length: 30 }, (_, i) => i).join(', ')}];`,
].join('\n');

describe('snippet image golden', function () {
  this.timeout(60_000);

  it('lays out a snippet as the golden image does (Source Code Pro, Dark+, TypeScript)', async function () {
    const image = await render({ code: CODE, grammar: typescriptGrammar, theme: darkPlus, header: 'src/fib.ts:10-16', firstLine: 10, tabSize: 4, maxColumns: 60 });
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
      writeFileSync(GOLDEN, image.png);
      if (process.env.UPDATE_GOLDEN !== '1') {
        assert.fail(`${GOLDEN} did not exist; it was written now: look at it, commit it, run again`);
      }
    }
    const golden = decode(new Uint8Array(readFileSync(GOLDEN)));
    assert.deepStrictEqual([image.width, image.height], [golden.width, golden.height]);
    let differing = 0;
    for (let y = 0; y < golden.height; y++) {
      for (let x = 0; x < golden.width; x++) {
        const a = pixel(golden, x, y);
        const b = pixel(image.pixels, x, y);
        if (Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])) > CHANNEL_TOLERANCE) {
          differing++;
        }
      }
    }
    const allowed = golden.width * golden.height * PIXEL_SHARE;
    assert.ok(differing <= allowed, `${differing} pixels differ from the golden image (allowed ${Math.floor(allowed)})`);
  });
});
