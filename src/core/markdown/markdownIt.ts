import MarkdownIt from 'markdown-it';

type Parser = InstanceType<typeof MarkdownIt>;
import footnote from 'markdown-it-footnote';
import { mathPlugin } from './math';

/** markdown-it configured as VS Code's preview is (HTML and linkify on), plus footnotes and math. */
function configured(): Parser {
  const md = new MarkdownIt({ html: true, linkify: true }).use(footnote).use(mathPlugin);
  // The plugin's tail moves every footnote to the end by copying the whole token list once per footnote
  // (quadratic on a long document); the converter reads footnotes where they are defined instead.
  md.core.ruler.disable('footnote_tail');
  // file: images must parse (they are uploaded), and hrefs must stay as written: the caller resolves
  // relative links by what the author typed, and the writer encodes what it emits.
  md.validateLink = () => true;
  md.normalizeLink = (url) => url;
  return md;
}

/**
 * markdown-it's core runs in two parts here. `blocks` finds the document's blocks (and its link
 * reference and footnote definitions); `inline` parses the text of one block when the converter reads
 * it. Parsing every block's inline content up front would keep the whole document's inline tokens
 * alive at once, many times the size of the text, when one block's are enough.
 */
export const md = {
  blocks: configured(),
  inline: configured(),
};
md.blocks.core.ruler.enableOnly(['normalize', 'block', 'strip_references']);
md.inline.core.ruler.enableOnly(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

/** Decodes HTML entities (`&amp;`, `&#x4E2D;`) and nothing else: backslashes are doubled so markdown-it keeps them. */
export function decodeEntities(value: string): string {
  return value.includes('&') ? md.blocks.utils.unescapeAll(value.replace(/\\/g, '\\\\')) : value;
}
