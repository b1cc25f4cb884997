/** HTML as markdown documents carry it: a tolerant tokenizer and a tree builder, no DOM. */
import { decodeEntities } from './markdownIt';

export interface HtmlElement {
  tag: string;
  attrs: Map<string, string>;
  children: HtmlNode[];
}

export type HtmlNode = string | HtmlElement;

export type HtmlTag =
  | { type: 'text'; text: string }
  | { type: 'open'; tag: string; attrs: Map<string, string>; selfClosing: boolean }
  | { type: 'close'; tag: string };

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is not shown as text. */
export const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
export const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);
/** An opening tag closes these when they are still open right above it, as browsers do for `<li>` and `<p>`. */
const CLOSED_BY: Record<string, string[]> = {
  li: ['li', 'p'],
  dt: ['dt', 'dd', 'p'],
  dd: ['dt', 'dd', 'p'],
  tr: ['tr', 'td', 'th'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  tbody: ['thead', 'tbody', 'tr', 'td', 'th'],
  tfoot: ['thead', 'tbody', 'tr', 'td', 'th'],
};

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of source.matchAll(ATTR)) {
    attrs.set(m[1].toLowerCase(), decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** Tags, text (entities decoded) and nothing else: comments, doctypes and hidden elements' content are dropped. */
export function htmlTags(html: string): HtmlTag[] {
  const out: HtmlTag[] = [];
  const pushText = (value: string): void => {
    if (value) {
      out.push({ type: 'text', text: decodeEntities(value) });
    }
  };
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) {
      pushText(html.slice(pos));
      break;
    }
    pushText(html.slice(pos, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      pos = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const end = html.indexOf(']]>', lt);
      out.push({ type: 'text', text: html.slice(lt + 9, end < 0 ? html.length : end) });
      pos = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      pos = end < 0 ? html.length : end + 1;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) {
      pushText('<');
      pos = lt + 1;
      continue;
    }
    pos = TAG.lastIndex;
    const tag = m[2].toLowerCase();
    if (m[1]) {
      out.push({ type: 'close', tag });
      continue;
    }
    out.push({ type: 'open', tag, attrs: attributes(m[3]), selfClosing: Boolean(m[4]) });
    if (RAW_TEXT.has(tag) && !m[4]) {
      const close = new RegExp(`</${tag}\\s*>`, 'ig');
      close.lastIndex = pos;
      const end = close.exec(html);
      if (!HIDDEN.has(tag)) {
        pushText(html.slice(pos, end ? end.index : html.length));
      }
      out.push({ type: 'close', tag });
      pos = end ? close.lastIndex : html.length;
    }
  }
  return out;
}

export function isVoid(tag: string): boolean {
  return VOID.has(tag);
}

/** A forgiving HTML parser: unclosed elements end with their parent, stray closing tags are ignored. */
export function parseHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { tag: '', attrs: new Map(), children: [] };
  const stack = [root];
  for (const token of htmlTags(html)) {
    if (token.type === 'text') {
      stack[stack.length - 1].children.push(token.text);
    } else if (token.type === 'open') {
      const closes = CLOSED_BY[token.tag] ?? (BLOCK.has(token.tag) ? ['p'] : []);
      while (stack.length > 1 && closes.includes(stack[stack.length - 1].tag)) {
        stack.pop();
      }
      const element: HtmlElement = { tag: token.tag, attrs: token.attrs, children: [] };
      stack[stack.length - 1].children.push(element);
      if (!token.selfClosing && !VOID.has(token.tag)) {
        stack.push(element);
      }
    } else {
      const at = stack.map((e) => e.tag).lastIndexOf(token.tag);
      if (at > 0) {
        stack.length = at;
      }
    }
  }
  return root.children;
}
