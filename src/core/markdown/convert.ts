import { splitFrontMatter } from './frontMatter';
import { finishSoftBreaks, plainText } from './inline';
import type { Block } from './ir';
import { parseMarkdown } from './parse';
import { renderBlocks } from './render';
import { Resolver, type ConvertOptions, type LocalImage } from './resolver';

export interface ConvertedMarkdown {
  title: string | undefined;
  text: string;
  unresolvedImages: LocalImage[];
}

function firstHeading(blocks: readonly Block[]): string | undefined {
  for (const block of blocks) {
    let found: string | undefined;
    if (block.kind === 'heading') {
      found = finishSoftBreaks(plainText(block.content)).replace(/\s+/g, ' ').trim() || undefined;
    } else if (block.kind === 'quote') {
      found = firstHeading(block.children);
    } else if (block.kind === 'list') {
      for (const item of block.items) {
        found ??= firstHeading(item.blocks);
      }
    }
    if (found) {
      return found;
    }
  }
  return undefined;
}

/**
 * Converts a markdown document to the markdown DingTalk shows: what VS Code's preview shows, within
 * DingTalk's subset. Tables become aligned monospace blocks or one list item per row, raw HTML becomes
 * what it displays, footnotes are shown where they are referenced, local images become the uploaded
 * media_id given in `images` (or their alt text), relative links become `resolveLink`'s web URL (or text).
 *
 * title: front-matter `title`, else the first heading's plain text, else undefined (the caller falls back to the file name).
 */
export function convertMarkdown(source: string, options: ConvertOptions = {}): ConvertedMarkdown {
  const { body, title } = splitFrontMatter(source);
  const resolver = new Resolver(options);
  let heading: string | undefined;
  // Each block is written out as soon as it is read: the whole document's blocks never exist at once.
  function* noteHeading(blocks: Iterable<Block>): Generator<Block> {
    for (const block of blocks) {
      heading ??= firstHeading([block]);
      yield block;
    }
  }
  const text = renderBlocks(noteHeading(parseMarkdown(body, resolver)));
  return { title: title ?? heading, text, unresolvedImages: resolver.unresolved };
}

/**
 * Distinct local images (relative paths, absolute paths, file: URLs; also <img src> in raw HTML) in
 * document order; src exactly as convertMarkdown will look it up (decoded, without a "title"). Remote
 * http(s)/data: images are not listed.
 *
 * `src` is the destination as the author wrote it, with markdown's backslash escapes and HTML entities
 * decoded but percent-encoding kept (`my%20shot.png`, `<my shot.png>` gives `my shot.png`).
 */
export function localImages(source: string): LocalImage[] {
  return convertMarkdown(source).unresolvedImages;
}
