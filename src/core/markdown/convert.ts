import { splitFrontMatter } from './frontMatter';
import { finishSoftBreaks, plainText } from './inline';
import type { Block } from './ir';
import { parseMarkdown } from './parse';
import { renderBlock } from './render';
import { distinctImages, Resolver, type ConvertOptions, type LocalImage } from './resolver';

export interface ConvertedMarkdown {
  title: string | undefined;
  text: string;
  unresolvedImages: LocalImage[];
}

/** The plain text of the first heading in a block, looking into quotes and lists. */
function firstHeading(block: Block): string | undefined {
  switch (block.kind) {
    case 'heading':
      return finishSoftBreaks(plainText(block.content)).replace(/\s+/g, ' ').trim() || undefined;
    case 'quote':
      return firstOf(block.children);
    case 'list': {
      let found: string | undefined;
      for (const item of block.items) {
        found ??= firstOf(item.blocks);
      }
      return found;
    }
    default:
      return undefined;
  }
}

function firstOf(blocks: readonly Block[]): string | undefined {
  for (const block of blocks) {
    const found = firstHeading(block);
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
  return convert(source, options, true);
}

/** convertMarkdown, reading the document in sections or all at once (parseMarkdown's `inSections`): the same result either way. */
export function convert(source: string, options: ConvertOptions, inSections: boolean): ConvertedMarkdown {
  const { body, title } = splitFrontMatter(source);
  // Each run of blocks is written out as soon as it is read; the output is joined once.
  const runs = parseMarkdown(
    body,
    new Resolver(options),
    ({ blocks, images }) => {
      let heading: string | undefined;
      const texts: string[] = [];
      for (const block of blocks) {
        heading ??= firstHeading(block);
        const text = renderBlock(block);
        if (text !== undefined) {
          texts.push(text);
        }
      }
      return { heading, texts, images };
    },
    inSections,
  );
  let heading: string | undefined;
  const texts: string[] = [];
  const images: LocalImage[] = [];
  for (const run of runs) {
    heading ??= run.heading;
    texts.push(...run.texts);
    images.push(...run.images);
  }
  return { title: title ?? heading, text: texts.join('\n\n'), unresolvedImages: distinctImages(images) };
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
