/**
 * DingTalk's clients read robot markdown as HTML: the desktop renders a tag even inside a code block,
 * and the phone shows a message holding one as blank. Writing `<` as `&lt;` fixed both, inside and
 * outside code blocks (docs/dingtalk-api.md §11, "Escaping").
 *
 * Only what can change how a client reads the text is rewritten: a `<` that starts markup (a letter,
 * `/`, `!` or `?` follows it: a tag, an end tag, a comment, a declaration) and an `&` that could start a
 * character reference (a letter or `#` follows it). `a < b`, `<-`, `<3`, a `>` with no tag open, and a
 * bare `&` (`a && b`, `x &= 1`) are plain text to any HTML reader, so they stay as they are: where a
 * client shows an entity literally (contested inside code blocks), the fewer entities, the fewer it shows.
 */

const MARKUP_START = /<(?=[A-Za-z/!?])/g;
const LITERAL = /<(?=[A-Za-z/!?])|&(?=[A-Za-z#])/g;
const ENTITY = /&(?:lt|amp);/g;

/** Text meant literally (code, a path, a paragraph's words), written so no client reads HTML in it. */
export function escapeHtmlText(text: string): string {
  if (!text.includes('<') && !text.includes('&')) {
    return text;
  }
  return text.replace(LITERAL, (ch) => (ch === '<' ? '&lt;' : '&amp;'));
}

/** The text escapeHtmlText was given: `&lt;` and `&amp;` read back, in one pass. */
export function unescapeHtmlText(text: string): string {
  return text.replace(ENTITY, (entity) => (entity === '&lt;' ? '<' : '&'));
}

/**
 * Markdown as someone wrote it, made safe to send: a `<` that starts markup becomes `&lt;`, so nothing
 * in it is a tag. Its character references (`&copy;`, `&#x4e2d;`) are the author's and are left to work.
 * escapeHtmlText's output holds no such `<`, so it passes unchanged: each character is escaped once.
 */
export function htmlSafeMarkdown(markdown: string): string {
  return markdown.replace(MARKUP_START, '&lt;');
}
