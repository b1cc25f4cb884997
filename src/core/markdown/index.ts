export { convertMarkdown, localImages, type ConvertedMarkdown } from './convert';
export type { ConvertOptions, LocalImage } from './resolver';
export { splitFrontMatter, type FrontMatter } from './frontMatter';
export { escapeHtmlText, htmlSafeMarkdown, unescapeHtmlText } from './htmlSafe';
export { splitMarkdown } from '../split';
