import { escapeHtmlText } from './htmlSafe';
import type { Block, Inline, List } from './ir';
import { finishSoftBreaks, renderInline, trimBlank } from './inline';
import { tableBlock } from './table';

/** Indents a nested list item by one ideographic space per level: markdown would strip spaces, and this one shows in any font. */
const INDENT = '\u3000';

/**
 * What a line must not start with, lest DingTalk read it as a heading, quote, list item or rule: the
 * text came from a paragraph, so its first character is escaped.
 */
const BLOCK_START = /^(?:#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|-+\s*$)/;
const ORDERED_START = /^(\d{1,9})([.)])(?=\s|$)/;

/** The first characters BLOCK_START and ORDERED_START can match: most lines start with none of them. */
const MAY_START_BLOCK = /^[#>+=\-\d]/;

function escapeLineStart(line: string): string {
  if (!MAY_START_BLOCK.test(line)) {
    return line;
  }
  if (BLOCK_START.test(line)) {
    return `\\${line}`;
  }
  return line.replace(ORDERED_START, '$1\\$2');
}

/** A paragraph of nothing but badges (shields.io and the like) reads as one line of labels. */
function badgeRow(content: readonly Inline[]): string | undefined {
  const badges: Inline[] = [];
  for (const node of content) {
    const isBadge =
      (node.kind === 'image' && node.badge) ||
      (node.kind === 'link' && node.children.every((c) => (c.kind === 'image' && c.badge) || (c.kind === 'text' && !c.text.trim()) || c.kind === 'soft'));
    if (isBadge) {
      badges.push(node);
    } else if (!((node.kind === 'text' && !node.text.trim()) || node.kind === 'soft' || node.kind === 'break')) {
      return undefined;
    }
  }
  const shown = badges.map((b) => trimBlank(renderInline([b]))).filter(Boolean);
  return badges.length > 1 ? shown.join(' · ') : undefined;
}

/** A paragraph's lines: hard breaks end a line with two spaces (the line break DingTalk's documentation asks for). */
function paragraphLines(content: readonly Inline[]): string[] {
  const rendered = finishSoftBreaks(badgeRow(content) ?? renderInline(content));
  if (!rendered.includes('\n')) {
    const line = rendered.trimStart();
    return line.trim() ? [escapeLineStart(line).trimEnd()] : [];
  }
  const lines: string[] = [];
  for (const raw of rendered.split('\n')) {
    const line = raw.trimStart();
    if (line.trim()) {
      lines.push(escapeLineStart(line));
    } else if (lines.length > 0 && lines[lines.length - 1] !== '') {
      lines.push('');
    }
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines.map((line, i) => (i === lines.length - 1 || lines[i + 1] === '' ? line.trimEnd() : `${line.trimEnd()}  `));
}

function headingText(content: readonly Inline[]): string {
  const line = finishSoftBreaks(renderInline(content)).replace(/ {2}\n/g, ' ').replace(/\s+/g, ' ').trim();
  // A closing run of #s would be taken for the optional end of the heading.
  return line.replace(/(^|\s)(#+)$/, '$1\\$2');
}

function fence(lang: string, code: string): string {
  let longest = 0;
  const runs = code.includes('```') ? code.match(/`{3,}/g) : null;
  for (const run of runs ?? []) {
    longest = Math.max(longest, run.length);
  }
  const ticks = '`'.repeat(Math.max(3, longest + 1));
  // Escaped inside the fence too: the desktop renders a tag even there, and the phone blanks the message.
  return `${ticks}${escapeHtmlText(lang.replace(/[`\s]/g, ''))}\n${escapeHtmlText(code)}\n${ticks}`;
}

function fenceLines(lang: string, code: string): string[] {
  return fence(lang, code).split('\n');
}

function quoteLines(children: readonly Block[]): string[] {
  return blockLines(children).map((line) => (line ? `> ${line}` : '>'));
}

/** Lines of an item's content. `flow` lines run together in one paragraph; `own` lines still need the item's indent. */
interface Segment {
  lines: string[];
  flow: boolean;
  own: boolean;
  /** A quote swallows the next line unless a blank line ends it. */
  quote?: boolean;
}
type Piece = Segment | 'blank';

/**
 * The lines of a list item's blocks. A top-level item (depth 1) is a real markdown list item; a nested
 * list is drawn inside it as indented lines with the bullets VS Code's preview shows (◦ then ▪), joined
 * by hard breaks, because DingTalk's clients do not agree on rendering nested markdown lists. Code
 * blocks stay real fences at the top-level item's indent.
 */
function itemPieces(blocks: readonly Block[], depth: number, tight: boolean): Piece[] {
  const pieces: Piece[] = [];
  for (const block of blocks) {
    if (pieces.length > 0 && !tight && block.kind !== 'list') {
      pieces.push('blank');
    }
    switch (block.kind) {
      case 'paragraph': {
        const lines = paragraphLines(block.content);
        if (lines.length > 0) {
          pieces.push({ lines, flow: true, own: true });
        }
        break;
      }
      case 'heading': {
        const title = headingText(block.content);
        if (title) {
          pieces.push({ lines: [`**${title}**`], flow: true, own: true });
        }
        break;
      }
      case 'list':
        pieces.push(...nestedList(block, depth + 1));
        break;
      case 'table': {
        const table = tableBlock(block);
        if (table?.kind === 'list') {
          pieces.push(...nestedList(table, depth + 1));
        } else if (table) {
          pieces.push(...itemPieces([table], depth, true));
        }
        break;
      }
      case 'code':
        pieces.push({ lines: fenceLines(block.lang, block.text), flow: false, own: false });
        break;
      case 'quote':
        pieces.push(depth === 1 ? { lines: quoteLines(block.children), flow: false, own: false, quote: true } : { lines: quoteLines(block.children), flow: true, own: true });
        break;
      case 'rule':
        if (depth === 1) {
          // Right under a paragraph line, `---` would make that line a heading: a blank line comes first.
          pieces.push('blank', { lines: ['---'], flow: false, own: false });
        } else {
          pieces.push({ lines: ['---'], flow: true, own: true });
        }
        break;
    }
  }
  return pieces;
}

function nestedList(list: List, depth: number): Piece[] {
  const indent = INDENT.repeat(depth - 1);
  const pieces: Piece[] = [];
  list.items.forEach((item, i) => {
    const bullet = item.check !== undefined ? (item.check ? '☑' : '☐') : list.ordered ? `${list.start + i}.` : depth === 2 ? '◦' : '▪';
    const body = itemPieces(item.blocks, depth, true);
    const first = body[0];
    let prefix = `${indent}${bullet} `;
    if (first === undefined || first === 'blank' || !first.own) {
      pieces.push({ lines: [`${indent}${bullet}`], flow: true, own: false });
      prefix = indent + INDENT;
    }
    for (const piece of body) {
      if (piece !== 'blank' && piece.own) {
        pieces.push({
          ...piece,
          own: false,
          lines: piece.lines.map((line) => {
            const out = line ? prefix + line : '';
            prefix = indent + INDENT;
            return out;
          }),
        });
      } else {
        pieces.push(piece);
      }
    }
  });
  return pieces;
}

/** Joins an item's pieces into lines: consecutive flow lines with hard breaks, a blank line after a quote. */
function joinPieces(pieces: readonly Piece[]): string[] {
  const lines: string[] = [];
  const flow: boolean[] = [];
  let afterQuote = false;
  const blank = (): void => {
    if (lines.length > 0 && lines[lines.length - 1] !== '') {
      lines.push('');
      flow.push(false);
    }
  };
  for (const piece of pieces) {
    if (piece === 'blank') {
      blank();
      continue;
    }
    if (afterQuote) {
      blank();
    }
    for (const line of piece.lines) {
      lines.push(line);
      flow.push(piece.flow && line !== '');
    }
    afterQuote = piece.quote === true;
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines.map((line, i) => (flow[i] && flow[i + 1] ? `${line.trimEnd()}  ` : line));
}

function listLines(list: List): string[] {
  const out: string[] = [];
  list.items.forEach((item, i) => {
    if (i > 0 && !list.tight) {
      out.push('');
    }
    const marker = list.ordered ? `${list.start + i}. ` : '- ';
    const box = item.check === undefined ? '' : item.check ? '☑ ' : '☐ ';
    const pieces = itemPieces(item.blocks, 1, list.tight);
    const lines = joinPieces(pieces);
    // A fence right after a list marker is not recognised by every reader (nor by splitMarkdown): it starts on the next line.
    const opensLine = pieces[0] !== undefined && pieces[0] !== 'blank' && (pieces[0].flow || pieces[0].quote === true);
    const first = opensLine ? (lines.shift() as string) : '';
    const indent = ' '.repeat(marker.length);
    out.push(first ? `${marker}${box}${first}` : `${marker}${box}`.trimEnd());
    for (const line of lines) {
      out.push(line ? indent + line : '');
    }
  });
  return out;
}

function blockLinesOf(block: Block): string[] {
  switch (block.kind) {
    case 'paragraph':
      return paragraphLines(block.content);
    case 'heading': {
      const title = headingText(block.content);
      return title ? [`${'#'.repeat(block.level)} ${title}`] : [];
    }
    case 'code':
      return fenceLines(block.lang, block.text);
    case 'quote':
      return block.children.length > 0 ? quoteLines(block.children) : [];
    case 'list':
      return listLines(block);
    case 'table': {
      const table = tableBlock(block);
      return table ? blockLinesOf(table) : [];
    }
    case 'rule':
      return ['---'];
  }
}

function blockLines(blocks: Iterable<Block>): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    const rendered = blockLinesOf(block);
    if (rendered.length > 0) {
      if (out.length > 0) {
        out.push('');
      }
      for (const line of rendered) {
        out.push(line);
      }
    }
  }
  return out;
}

/** DingTalk markdown for one top-level block, undefined if it shows nothing; a document's blocks are separated by a blank line. */
export function renderBlock(block: Block): string | undefined {
  if (block.kind === 'code') {
    return fence(block.lang, block.text);
  }
  if (block.kind === 'table') {
    const shown = tableBlock(block);
    return shown && renderBlock(shown);
  }
  const lines = blockLinesOf(block);
  return lines.length > 0 ? lines.join('\n') : undefined;
}
