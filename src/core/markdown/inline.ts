import { escapeHtmlText } from './htmlSafe';
import type { Inline } from './ir';
import { encodeUrl } from './urls';

/**
 * Marks a soft line break until the text around it is known: it becomes a space, or nothing between
 * CJK characters. NUL cannot occur in the text itself: markdown-it replaces it with U+FFFD.
 */
const SOFT = '\u0000';
const HARD_BREAK = '  \n';
const CJK = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303F\\uFF00-\\uFFEF]';
const SOFT_BETWEEN_CJK = new RegExp(`(?<=${CJK})\\u0000+(?=${CJK})`, 'gu');
export const ENDS_WITH_CJK = new RegExp(`${CJK}$`, 'u');

/**
 * Characters DingTalk would read as markdown where the author meant text: emphasis markers, code ticks,
 * an underscore at a word's edge, `~~`, `](` that would start a link, and a backslash that would escape
 * the next character. What it would read as HTML (`<`, an entity-like `&`) is written as an entity
 * instead (escapeHtmlText): a backslash does not stop DingTalk's clients from reading a tag.
 */
const ESCAPE = /\\(?=[!-/:-@[-`{-~])|[*`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|~~|\](?=\()/gu;
/** Inside link text or alt text, any bracket would end it early. */
const ESCAPE_IN_BRACKETS = /\\(?=[!-/:-@[-`{-~])|[*`[\]]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|~~/gu;

function pairs(from: string, to: string): Record<string, string> {
  const target = Array.from(to);
  return Object.fromEntries(Array.from(from, (ch, i) => [ch, target[i]]));
}

const SUPERSCRIPT = pairs('0123456789+-−=()ni', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ');
const SUBSCRIPT = pairs('0123456789+-−=()', '₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎');

/** A `<` or `&` ending a text may meet a letter in the next one (`<` then `div` from a broken tag). */
const OPEN_END = /[<&]$/;
/** Every character the escapes above start at: text without them (most text) is written as it is. */
const MAY_ESCAPE = /[\\*`_~[\]<&]/;

function escapeText(value: string, inBrackets = false): string {
  if (!MAY_ESCAPE.test(value)) {
    return value;
  }
  const escaped = escapeHtmlText(value.replace(inBrackets ? ESCAPE_IN_BRACKETS : ESCAPE, (m) => (m === '~~' ? '\\~\\~' : `\\${m}`)));
  return escaped.replace(OPEN_END, (ch) => (ch === '<' ? '&lt;' : '&amp;'));
}

/** Resolves the soft-break marks left by renderInline and plainText. */
export function finishSoftBreaks(value: string): string {
  return value.includes(SOFT) ? value.replace(SOFT_BETWEEN_CJK, '').split(SOFT).join(' ') : value;
}

/** Where the text between leading and trailing whitespace (soft breaks included) starts and ends. */
function blankEdges(value: string): [number, number] {
  const blank = (ch: string): boolean => ch === SOFT || /\s/.test(ch);
  let start = 0;
  let end = value.length;
  while (start < end && blank(value[start])) {
    start += 1;
  }
  while (end > start && blank(value[end - 1])) {
    end -= 1;
  }
  return [start, end];
}

/** Wraps text in emphasis markers, leaving its outer whitespace outside (`* a*` would not be emphasis). */
function wrap(marker: string, inner: string): string {
  const [start, end] = blankEdges(inner);
  if (start === end) {
    return inner;
  }
  return `${inner.slice(0, start)}${marker}${inner.slice(start, end)}${marker}${inner.slice(end)}`;
}

export function trimBlank(value: string): string {
  const [start, end] = blankEdges(value);
  return value.slice(start, end);
}

function codeSpan(code: string): string {
  if (!code) {
    return '';
  }
  let longest = 0;
  for (const run of code.match(/`+/g) ?? []) {
    longest = Math.max(longest, run.length);
  }
  const ticks = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ') && code.trim()) ? ' ' : '';
  return `${ticks}${pad}${escapeHtmlText(code)}${pad}${ticks}`;
}

/** Superscript or subscript characters when every character has one (x², H₂O), else undefined. */
function scriptChars(value: string, table: Record<string, string>): string | undefined {
  const chars = Array.from(value);
  return chars.length > 0 && chars.every((ch) => Object.hasOwn(table, ch)) ? chars.map((ch) => table[ch]).join('') : undefined;
}

/** An image DingTalk can show, or the text standing in for one it cannot: a badge's label, a missing image's alt. */
function image(node: Extract<Inline, { kind: 'image' }>, inBrackets: boolean): string {
  if (node.badge || node.src === undefined) {
    const alt = escapeText(node.alt.trim(), inBrackets);
    return node.badge || !alt ? alt : `🖼️ ${alt}`;
  }
  return `![${escapeText(node.alt.trim(), true)}](${encodeUrl(node.src)})`;
}

function link(node: Extract<Inline, { kind: 'link' }>): string {
  if (node.href === undefined) {
    return renderInline(node.children);
  }
  const url = encodeUrl(node.href);
  // A picture inside a link (a logo, a video's thumbnail) is shown, and the link follows it as text:
  // an image nested in a link is not something every DingTalk client renders.
  const pictures = node.children.filter((c): c is Extract<Inline, { kind: 'image' }> => c.kind === 'image' && !c.badge && c.src !== undefined);
  const label = trimBlank(renderInline(node.children.filter((c) => !pictures.some((p) => p === c)), true));
  if (pictures.length === 0) {
    return `[${label || escapeText(node.href, true)}](${url})`;
  }
  const shown = pictures.map((p) => image(p, false)).join(' ');
  const alt = pictures.map((p) => p.alt.trim()).find(Boolean);
  return `${shown} [${label || escapeText(alt ?? node.href, true)}](${url})`;
}

/** The children of emphasis without the same emphasis inside it: `*` next to `*` would read as bold. */
function unnest(node: { kind: string; children: Inline[] }): Inline[] {
  if (!node.children.some((c) => c.kind === node.kind)) {
    return node.children;
  }
  return node.children.flatMap((c) => (c.kind === node.kind && 'children' in c ? unnest(c) : [c]));
}

/** DingTalk markdown for inline content; soft breaks stay marked until finishSoftBreaks. */
export function renderInline(nodes: readonly Inline[], inBrackets = false): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += escapeText(node.text, inBrackets);
        break;
      case 'soft':
        out += SOFT;
        break;
      case 'break':
        out += inBrackets ? ' ' : HARD_BREAK;
        break;
      case 'code':
        out += codeSpan(node.text);
        break;
      case 'em':
        out += wrap('*', renderInline(unnest(node), inBrackets));
        break;
      case 'strong':
        out += wrap('**', renderInline(unnest(node), inBrackets));
        break;
      case 'del':
        out += wrap('~~', renderInline(unnest(node), inBrackets));
        break;
      case 'sup':
      case 'sub': {
        const chars = scriptChars(trimBlank(plainText(node.children)), node.kind === 'sup' ? SUPERSCRIPT : SUBSCRIPT);
        const inner = renderInline(node.children, inBrackets);
        out += chars ?? (node.kind === 'sup' && trimBlank(inner) ? `^${trimBlank(inner)}` : inner);
        break;
      }
      case 'link':
        out += inBrackets ? renderInline(node.children, true) : link(node);
        break;
      case 'image':
        out += image(node, inBrackets);
        break;
    }
  }
  return out;
}

/** What inline content reads as without any markup, soft breaks still marked. */
export function plainText(nodes: readonly Inline[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
      case 'code':
        out += node.text;
        break;
      case 'soft':
        out += SOFT;
        break;
      case 'break':
        out += ' ';
        break;
      case 'image':
        out += node.alt;
        break;
      case 'sup':
      case 'sub': {
        const inner = plainText(node.children);
        out += scriptChars(trimBlank(inner), node.kind === 'sup' ? SUPERSCRIPT : SUBSCRIPT) ?? inner;
        break;
      }
      default:
        out += plainText(node.children);
    }
  }
  return out;
}
