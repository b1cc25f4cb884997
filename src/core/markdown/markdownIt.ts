import MarkdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { mathPlugin } from './math';

type Parser = InstanceType<typeof MarkdownIt>;
type Token = MarkdownIt.Token;

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
md.blocks.core.ruler.enableOnly(['normalize', 'block']);
md.inline.core.ruler.enableOnly(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

/** Each parse under way (by its env): conversions may run inside one another, from an option's callback. */
const takers = new WeakMap<MarkdownIt.Env, (tokens: Token[]) => void>();

/**
 * Tried first at the start of every block: at the top level, the blocks before this one are complete
 * (no block rule looks back at earlier tokens), so their tokens are handed over and dropped here.
 */
function topLevelBoundary(state: MarkdownIt.StateBlock): boolean {
  const take = state.level === 0 && state.tokens.length > 0 ? takers.get(state.env) : undefined;
  if (take) {
    const tokens = state.tokens.slice();
    state.tokens.length = 0;
    take(tokens);
  }
  return false;
}
md.blocks.block.ruler.before('table', 'top_level_boundary', topLevelBoundary);

/**
 * markdown-it's block parse of a document, its tokens handed to `take` top-level block by top-level
 * block as the parse goes (each run is one or more whole top-level blocks, in document order), so the
 * whole document's block tokens never exist at once. `env` gathers the link reference and footnote
 * definitions as they are parsed. Reference definitions stay in the runs as `reference_definition` tokens.
 */
export function parseTopLevel(source: string, env: MarkdownIt.Env, take: (tokens: Token[]) => void): void {
  takers.set(env, take);
  try {
    const rest = md.blocks.parse(source, env);
    if (rest.length > 0) {
      take(rest);
    }
  } finally {
    takers.delete(env);
  }
}

/** Decodes HTML entities (`&amp;`, `&#x4E2D;`) and nothing else: backslashes are doubled so markdown-it keeps them. */
export function decodeEntities(value: string): string {
  return value.includes('&') ? md.blocks.utils.unescapeAll(value.replace(/\\/g, '\\\\')) : value;
}
