import { strict as assert } from 'node:assert';
import { displayWidth } from '../../../../src/core/markdown/displayWidth';

describe('core/markdown/displayWidth', () => {
  it('counts ASCII one column each', () => {
    assert.equal(displayWidth('timeout 3000'), 12);
    assert.equal(displayWidth(''), 0);
  });

  it('counts CJK ideographs, kana, Hangul and fullwidth forms two columns', () => {
    assert.equal(displayWidth('字符串'), 6);
    assert.equal(displayWidth('カタカナ'), 8);
    assert.equal(displayWidth('한국어'), 6);
    assert.equal(displayWidth('＋（）'), 6);
    assert.equal(displayWidth('钉钉 robot'), 10);
  });

  it('keeps halfwidth katakana and ambiguous punctuation at one column', () => {
    assert.equal(displayWidth('ｶﾀｶﾅ'), 4);
    assert.equal(displayWidth('…—“”'), 4);
  });

  it('counts an emoji two columns, however many code points it is made of', () => {
    assert.equal(displayWidth('😀'), 2);
    assert.equal(displayWidth('👍🏽'), 2);
    assert.equal(displayWidth('👨‍👩‍👧'), 2);
    assert.equal(displayWidth('🇨🇳'), 2);
    assert.equal(displayWidth('❤️'), 2);
    assert.equal(displayWidth('1️⃣'), 2);
    assert.equal(displayWidth('✅ ok'), 5);
  });

  it('counts a symbol in text presentation one column', () => {
    assert.equal(displayWidth('©'), 1);
    assert.equal(displayWidth('☺'), 1);
  });

  it('counts combining marks and zero-width characters none', () => {
    assert.equal(displayWidth('e\u0301'), 1);
    assert.equal(displayWidth('Zalgo\u0336\u0337'), 5);
    assert.equal(displayWidth('a\u200Bb'), 2);
    assert.equal(displayWidth('\u0301'), 0);
  });
});
