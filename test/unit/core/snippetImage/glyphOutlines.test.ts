import * as assert from 'assert';
import { MAX_CACHED_BYTES, OutlineCache, outlines, outlinesIn } from '../../../../src/core/snippetImage/glyphOutlines';
import { cjkFont, CJK_FONT_PATH, codeFonts, darkPlus, render, typescriptGrammar } from './support';

/** What resvg 2.6's toString() writes for two glyphs laid out alone, their paths cut short. */
const WRITTEN = `<svg width="1" height="1" viewBox="0 0 1 1" xmlns="http://www.w3.org/2000/svg">
    <defs/>
    <g id="o0">
        <path fill="#000000" stroke="none" d="M 3.4 0.2 C 4.4 0.2 5.4 -0.3 6.1 -1 Z"/>
    </g>
    <g id="o1">
        <path fill="#000000" stroke="none" d="M -0.6 -11.8 L -0.6 -9.3 Z"/>
        <path fill="#000000" stroke="none" d="M 1 1 L 2 2 Z"/>
    </g>
</svg>
`;

describe('glyph outlines', function () {
  describe("reading resvg's toString()", function () {
    it('reads each glyph group as its paths, joined', function () {
      assert.deepStrictEqual(outlinesIn(WRITTEN, 2), [{ path: 'M 3.4 0.2 C 4.4 0.2 5.4 -0.3 6.1 -1 Z' }, { path: 'M -0.6 -11.8 L -0.6 -9.3 Z M 1 1 L 2 2 Z' }]);
    });

    it('reads the same outlines whatever the order of the attributes, the groups and the quotes, and with attributes that do not change the fill', function () {
      const variants = [
        WRITTEN.replace(/<path fill="#000000" stroke="none" d="([^"]*)"\/>/g, '<path d="$1" stroke="none" fill="#000000"/>'),
        WRITTEN.replace(/<path fill="#000000" stroke="none" d="([^"]*)"\/>/g, "<path d='$1' fill='black'/>"),
        WRITTEN.replace(/<path fill="#000000" stroke="none"/g, '<path id="p" fill="#000" fill-opacity="1" fill-rule="nonzero" opacity="1" stroke="none" stroke-width="1" stroke-linejoin="miter" paint-order="normal" transform="matrix(1 0 0 1 0 0)" class="glyph"'),
        WRITTEN.replace('<g id="o0">', '<g opacity="1" id="o0" fill="#000000">').replace('<g id="o1">', '<g id="o1"><g>').replace('</g>\n</svg>', '</g></g>\n</svg>'),
        `<?xml version="1.0" encoding="UTF-8"?>\n${WRITTEN.replace('<defs/>', '<defs><clipPath id="c"><rect width="1" height="1"/></clipPath></defs>')}`,
      ];
      for (const written of variants) {
        assert.deepStrictEqual(outlinesIn(written, 2), outlinesIn(WRITTEN, 2), written);
      }
      const groups = WRITTEN.match(/<g id="o\d">[\s\S]*?<\/g>/g) as string[];
      assert.deepStrictEqual(outlinesIn(WRITTEN.replace(groups.join('\n    '), [...groups].reverse().join('\n    ')), 2), outlinesIn(WRITTEN, 2), 'o1 before o0');
    });

    it('leaves a glyph to be drawn as text when its group is anything but plain black outlines', function () {
      const second = (written: string): string | undefined => outlinesIn(written, 2)[1].path;
      for (const [what, written] of [
        ['a color', WRITTEN.replace('fill="#000000" stroke="none" d="M 1', 'fill="#ff0000" stroke="none" d="M 1')],
        ['a stroke', WRITTEN.replace('stroke="none" d="M 1', 'stroke="#000000" d="M 1')],
        ['a transform', WRITTEN.replace('<g id="o1">', '<g id="o1" transform="matrix(2 0 0 2 0 0)">')],
        ['even-odd filling', WRITTEN.replace('stroke="none" d="M 1', 'fill-rule="evenodd" stroke="none" d="M 1')],
        ['half opacity', WRITTEN.replace('<g id="o1">', '<g id="o1">\n<g opacity="0.5">').replace('</g>\n</svg>', '</g></g>\n</svg>')],
        ['an image', WRITTEN.replace('<path fill="#000000" stroke="none" d="M 1 1 L 2 2 Z"/>', '<image width="1" height="1" href="data:image/png;base64,AAAA"/>')],
        ['a clip path', WRITTEN.replace('stroke="none" d="M 1', 'clip-path="url(#c)" stroke="none" d="M 1')],
        ['an attribute it does not know', WRITTEN.replace('stroke="none" d="M 1', 'mask="url(#m)" stroke="none" d="M 1')],
      ]) {
        assert.strictEqual(second(written), undefined, what);
        assert.strictEqual(outlinesIn(written, 2)[0].path, 'M 3.4 0.2 C 4.4 0.2 5.4 -0.3 6.1 -1 Z', `${what}: the other glyph is still an outline`);
      }
    });

    it('a glyph without a group drew nothing, unless the output holds what it does not know: then it is drawn as text', function () {
      assert.deepStrictEqual(outlinesIn(WRITTEN, 3)[2], { path: '' }, 'a space-like character');
      const unknown = WRITTEN.replace('<defs/>', '<path fill="#000000" d="M 0 0 L 1 1 Z"/>');
      assert.deepStrictEqual(outlinesIn(unknown, 3)[2], { path: undefined });
      assert.deepStrictEqual(outlinesIn(WRITTEN.replace(/ id="o\d"/g, ''), 2), [{ path: undefined }, { path: undefined }], 'groups without their ids');
    });
  });

  describe('the cache', function () {
    const path = 'M 0 0 L 1 1 Z '.repeat(40);

    it('keeps what it holds within its bound in bytes, dropping the least recently used first', function () {
      const cache = new OutlineCache(20_000);
      for (let i = 0; i < 100; i++) {
        cache.set(`0\n<text>${i}</text>`, { path });
        assert.ok(cache.bytes <= 20_000, `${cache.bytes} bytes after ${i + 1}`);
      }
      assert.ok(cache.size >= 20 && cache.size < 100, `${cache.size} kept`);
      assert.ok(cache.bytes >= cache.size * path.length, 'each counts its path at least');
      const kept = (i: number): boolean => cache.get(`0\n<text>${i}</text>`) !== undefined;
      assert.ok(!kept(0) && kept(99));
      const oldest = 100 - cache.size;
      assert.ok(kept(oldest), 'the oldest still kept, now the most recently used');
      cache.set('0\n<text>new</text>', { path });
      assert.ok(kept(oldest) && !kept(oldest + 1), 'the next oldest went instead');
      cache.maxBytes = 5_000;
      assert.ok(cache.bytes <= 5_000 && kept(oldest), `a lower bound drops the oldest at once (${cache.bytes} bytes, ${cache.size} kept)`);
    });

    it('counts a definition with CJK at two bytes a character, as V8 holds it', function () {
      const cache = new OutlineCache(1_000_000);
      cache.set('0\n<text>a</text>', { path: '' });
      const latin = cache.bytes;
      cache.set('0\n<text>中</text>', { path: '' });
      const cjk = cache.bytes - latin;
      assert.strictEqual(cjk - latin, '0\n<text>中</text>'.length, 'a key of as many characters, one more byte each');
    });

    it(`is bounded at ${MAX_CACHED_BYTES / 1024 / 1024} MB for the session`, function () {
      assert.strictEqual(outlines.maxBytes, MAX_CACHED_BYTES);
      assert.ok(MAX_CACHED_BYTES >= 16 * 1024 * 1024 && MAX_CACHED_BYTES <= 32 * 1024 * 1024);
    });

    it('holds to its bound when pictures need more outlines than it keeps, and draws each picture as it did with all of them kept', async function () {
      this.timeout(120_000);
      const font = cjkFont();
      if (!font) {
        assert.fail(`${CJK_FONT_PATH} is missing: install Debian's fonts-noto-cjk (.ci/run does)`);
      }
      const look = { grammar: typescriptGrammar, theme: darkPlus, fonts: [...codeFonts, font] };
      // 240 distinct ideographs in comments, 40 a line: about 2 KB of outline each, 480 KB in all.
      const ideographs = (from: number): string =>
        Array.from({ length: 6 }, (_, line) => `// ${Array.from({ length: 40 }, (_, i) => String.fromCodePoint(from + (line * 40 + i) * 13)).join('')}`).join('\n');
      const [one, other] = [ideographs(0x4e00), ideographs(0x4e01)];
      const limit = outlines.maxBytes;
      const firstOne = await render({ code: one, ...look });
      const firstOther = await render({ code: other, ...look });
      const bound = 100_000;
      try {
        outlines.maxBytes = bound;
        for (const [code, first] of [
          [one, firstOne],
          [other, firstOther],
          [one, firstOne],
        ] as const) {
          const again = await render({ code, ...look });
          assert.ok(outlines.bytes <= bound, `${outlines.bytes} bytes kept, bound ${bound}`);
          assert.ok(outlines.bytes > bound / 2, `filled up to the bound: ${outlines.bytes} bytes`);
          assert.deepStrictEqual(again.png, first.png, 'the same picture');
        }
      } finally {
        outlines.maxBytes = limit;
      }
    });
  });
});
