export { convertMarkdown, localImages, type ConvertedMarkdown } from './convert';
export type { ConvertOptions, LocalImage } from './resolver';
export { splitFrontMatter, type FrontMatter } from './frontMatter';
export { splitMarkdown } from '../split';
