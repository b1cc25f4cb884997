/* eslint-disable @typescript-eslint/no-explicit-any -- message bodies are arbitrary JSON, as in types.ts */
import MarkdownIt from 'markdown-it';

/**
 * What DingTalk's clients show for a robot message whose text is markdown, as developers report it
 * (docs/dingtalk-api.md §11; none of it is documented):
 *
 * - text that looks like HTML (`<div>`, `List<String>`, JSX, `a<b>c`) makes the phone show the whole
 *   message blank, and the desktop render it as HTML, inside a code block too [I9];
 * - fenced code blocks render on the desktop only; the phone shows them as their source [I8], [I11];
 * - indentation inside a code block collapses to the left margin on both, spaces or tabs alike [I9];
 * - HTML entities (`&lt;`, `&amp;`) show as the characters they stand for, inside code blocks too:
 *   what made escaping the fix [I9]. Whether the desktop decodes them inside a fence is contested [I10];
 *   this model follows [I9], the report that tested both clients.
 *
 * `text` is the message's characters after that: the markup of rendered tags gone, entities decoded,
 * fences gone (desktop) or kept (phone), code lines flattened. Markdown's own markup outside code
 * (`**`, `#`) is left as written: this models what the clients do with HTML, not how they style text.
 */
export interface ClientRendering {
  /** The client shows the message as empty. */
  blank: boolean;
  /** What the reader sees, roughly; '' when blank. */
  text: string;
  /** Tags the client renders as HTML (their markup not shown), in order; none when blank. */
  htmlTags: string[];
  /** Code lines whose indentation the client collapsed. */
  flattenedLines: number;
}

export interface ClientView {
  desktop: ClientRendering;
  phone: ClientRendering;
}

/** Something an HTML reader takes for markup: a tag, an end tag, a comment or declaration. */
const HTML_LIKE = /<[A-Za-z/!?]/;
const TAG = /<\/?[A-Za-z][^<>]*>|<[!?][^<>]*>/g;
const FENCE = /^((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})(.*)$/;

const entities = new MarkdownIt();

function decodeEntities(text: string): string {
  // unescapeAll also undoes backslash escapes; doubled backslashes keep them as written.
  return text.includes('&') ? entities.utils.unescapeAll(text.replace(/\\/g, '\\\\')) : text;
}

/** The markdown a message carries: webhook `markdown` and `actionCard`, app `sampleMarkdown` and `sampleActionCard…`. */
export function markdownOf(type: string, body: any): string | undefined {
  const text = type === 'markdown' ? body?.markdown?.text : type === 'actionCard' ? body?.actionCard?.text : type.startsWith('sampleMarkdown') || type.startsWith('sampleActionCard') ? body?.text : undefined;
  return typeof text === 'string' ? text : undefined;
}

interface Line {
  text: string;
  /** A fence's opening or closing line. */
  marker: boolean;
  inCode: boolean;
}

function lines(markdown: string): Line[] {
  const out: Line[] = [];
  let open: string | undefined;
  for (const text of markdown.split(/\r\n?|\n/)) {
    const fence = FENCE.exec(text);
    if (!open && fence && !(fence[2][0] === '`' && fence[3].includes('`'))) {
      open = fence[2];
      out.push({ text, marker: true, inCode: false });
    } else if (open && fence && fence[2][0] === open[0] && fence[2].length >= open.length && !fence[3].trim()) {
      open = undefined;
      out.push({ text, marker: true, inCode: false });
    } else {
      out.push({ text, marker: false, inCode: open !== undefined });
    }
  }
  return out;
}

function render(markdown: string, client: 'desktop' | 'phone'): ClientRendering {
  if (client === 'phone' && HTML_LIKE.test(markdown)) {
    return { blank: true, text: '', htmlTags: [], flattenedLines: 0 };
  }
  const htmlTags: string[] = [];
  let flattenedLines = 0;
  const shown: string[] = [];
  for (const line of lines(markdown)) {
    if (line.marker && client === 'desktop') {
      continue;
    }
    let text = line.text;
    if (line.inCode && /^[ \t]+\S/.test(text)) {
      flattenedLines += 1;
      text = text.trimStart();
    }
    text = text.replace(TAG, (tag) => {
      htmlTags.push(tag);
      return '';
    });
    shown.push(decodeEntities(text));
  }
  return { blank: false, text: shown.join('\n'), htmlTags, flattenedLines };
}

/** What the desktop and the phone show for a message, or undefined when its text is not markdown. */
export function clientView(type: string, body: any): ClientView | undefined {
  const markdown = markdownOf(type, body);
  return markdown === undefined ? undefined : { desktop: render(markdown, 'desktop'), phone: render(markdown, 'phone') };
}
