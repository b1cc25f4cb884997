/** A text the core shows the user, in both languages it writes. */
export interface ErrorText {
  en: string;
  zh: string;
}

/** The languages the core writes its texts in. */
export type TextLanguage = 'en' | 'zh';

/** Regions whose Chinese is written in Simplified characters. */
const SIMPLIFIED_REGIONS = new Set(['cn', 'sg']);

/**
 * The core's text language for a BCP-47 locale (VS Code's display language: `zh-cn`, `zh-tw`, `en`…).
 * Chinese only for Simplified Chinese: `zh`, `zh-Hans…`, `zh-CN`, `zh-SG`. Traditional Chinese
 * (`zh-TW`, `zh-HK`, `zh-Hant…`) gets English, since a Simplified text is not what those readers chose.
 */
export function textLanguage(locale: string): TextLanguage {
  const [language, ...subtags] = locale.trim().toLowerCase().split(/[-_]/);
  if (language !== 'zh') {
    return 'en';
  }
  const script = subtags.find((tag) => /^[a-z]{4}$/.test(tag));
  if (script) {
    return script === 'hans' ? 'zh' : 'en';
  }
  const region = subtags.find((tag) => /^([a-z]{2}|\d{3})$/.test(tag));
  return region === undefined || SIMPLIFIED_REGIONS.has(region) ? 'zh' : 'en';
}

/** The text in the user's language (see `textLanguage`). */
export function localize(text: ErrorText, locale: string): string {
  return text[textLanguage(locale)];
}
