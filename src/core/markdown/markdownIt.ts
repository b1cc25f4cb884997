import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { mathPlugin } from './math';

/** markdown-it configured as VS Code's preview is (HTML and linkify on), plus footnotes and math. */
export const md = new MarkdownIt({ html: true, linkify: true }).use(footnote).use(mathPlugin);
// The plugin's tail moves every footnote to the end by copying the whole token list once per footnote
// (quadratic on a long document); the converter reads footnotes where they are defined instead.
md.core.ruler.disable('footnote_tail');
// file: images must parse (they are uploaded), and hrefs must stay as written: the caller resolves
// relative links by what the author typed, and the writer encodes what it emits.
md.validateLink = () => true;
md.normalizeLink = (url) => url;

/** Decodes HTML entities (`&amp;`, `&#x4E2D;`) and nothing else: backslashes are doubled so markdown-it keeps them. */
export function decodeEntities(value: string): string {
  return value.includes('&') ? md.utils.unescapeAll(value.replace(/\\/g, '\\\\')) : value;
}
