import { strict as assert } from 'node:assert';
import { DingTalkError } from '../../../src/core/errors';
import { localize, textLanguage } from '../../../src/core/language';

describe('core/language', () => {
  it('writes Chinese for Simplified Chinese locales', () => {
    for (const locale of ['zh', 'zh-cn', 'zh-CN', 'zh_CN', 'zh-Hans', 'zh-Hans-CN', 'zh-hans-sg', 'zh-sg', 'ZH-CN']) {
      assert.equal(textLanguage(locale), 'zh', locale);
    }
  });

  it('writes English for Traditional Chinese, which a Simplified text does not serve', () => {
    for (const locale of ['zh-tw', 'zh-TW', 'zh-hk', 'zh-mo', 'zh-Hant', 'zh-Hant-TW', 'zh-Hant-CN']) {
      assert.equal(textLanguage(locale), 'en', locale);
    }
  });

  it('writes English for every other language', () => {
    for (const locale of ['en', 'en-us', 'ja', 'ko', 'de', 'fr', '', 'zhx', 'hans']) {
      assert.equal(textLanguage(locale), 'en', locale);
    }
  });

  it('is what localize and DingTalkError.localized follow', () => {
    const text = { en: 'Hello', zh: '你好' };
    assert.deepEqual(['zh-cn', 'zh-tw', 'en'].map((l) => localize(text, l)), ['你好', 'Hello', 'Hello']);
    const error = new DingTalkError({ code: 'x', category: 'input', text });
    assert.deepEqual(['zh-cn', 'zh-tw', 'en'].map((l) => error.localized(l)), ['你好', 'Hello', 'Hello']);
  });
});
