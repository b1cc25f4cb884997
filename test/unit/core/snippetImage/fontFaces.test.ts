import * as assert from 'assert';
import { fontFaces } from '../../../../src/core/snippetImage/fontFaces';
import { existsSync, readFileSync } from 'node:fs';
import { cjkFont, CJK_FONT_PATH, codeFonts } from './support';

/** A copy of an OpenType font with its outline table renamed, as a color bitmap font would lack it. */
function withoutOutlines(font: Uint8Array): Uint8Array {
  const copy = new Uint8Array(font);
  const view = new DataView(copy.buffer);
  for (let i = 0; i < view.getUint16(4); i++) {
    const record = 12 + 16 * i;
    if (String.fromCharCode(...copy.subarray(record, record + 4)) === 'CFF ') {
      copy.set(new TextEncoder().encode('CBDT'), record);
    }
  }
  return copy;
}

describe('fontFaces', function () {
  it('reads the family, the characters and the metrics of an OpenType font', function () {
    const [face, ...more] = fontFaces(codeFonts[0]);
    assert.strictEqual(more.length, 0);
    assert.strictEqual(face.family, 'Source Code Pro');
    assert.strictEqual(face.advance, 0.6);
    assert.ok(face.ascent > 0.7 && face.ascent < 1.2, String(face.ascent));
    assert.ok(face.descent < 0 && face.descent > -0.5, String(face.descent));
    for (const c of 'AZaz09{}<>─│┌') {
      assert.notStrictEqual(face.glyphOf(c.codePointAt(0) as number), 0, c);
    }
    for (const c of ['中', '😀', 'ア']) {
      assert.strictEqual(face.glyphOf(c.codePointAt(0) as number), 0, c);
    }
  });

  it('reads every face of a font collection (.ttc)', function () {
    const font = cjkFont();
    if (!font) {
      assert.fail(`${CJK_FONT_PATH} is missing: install Debian's fonts-noto-cjk (.ci/run does)`);
    }
    const faces = fontFaces(font);
    const families = faces.map((face) => face.family);
    assert.ok(families.includes('Noto Sans CJK SC'), families.join(', '));
    assert.ok(families.includes('Noto Sans Mono CJK SC'), families.join(', '));
    for (const face of faces) {
      assert.notStrictEqual(face.glyphOf('中'.codePointAt(0) as number), 0, face.family);
      assert.notStrictEqual(face.glyphOf('，'.codePointAt(0) as number), 0, face.family);
    }
    assert.strictEqual(fontFaces(font), faces, 'read once per buffer');
  });

  it('leaves out color bitmap fonts, which resvg draws blank', function () {
    // Noto Color Emoji (CBDT, no outlines) where Debian's fonts-noto-color-emoji is installed; a made-up font otherwise.
    const emoji = '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf';
    if (existsSync(emoji)) {
      assert.deepStrictEqual(fontFaces(new Uint8Array(readFileSync(emoji))), []);
    }
    const bitmapOnly = withoutOutlines(codeFonts[0]);
    assert.deepStrictEqual(fontFaces(bitmapOnly), []);
  });

  it('returns no faces for what is not a font', function () {
    assert.deepStrictEqual(fontFaces(new TextEncoder().encode('not a font at all, just text')), []);
    assert.deepStrictEqual(fontFaces(codeFonts[0].subarray(0, 200)), []);
    assert.deepStrictEqual(fontFaces(new Uint8Array(0)), []);
  });
});
