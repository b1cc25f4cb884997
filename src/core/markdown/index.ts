export { convertMarkdown, localImages, type ConvertedMarkdown } from './convert';
export type { ConvertOptions, LocalImage } from './resolver';
export { splitMarkdown } from './splitMarkdown';
