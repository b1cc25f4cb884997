/**
 * Reads markdown-it's tokens into the IR. Over 300 lines because `Reader` is one recursive walk over one
 * token stream: its block, list, table, footnote and inline readers share the cursor and the open lists,
 * and split across files they would hand that state back and forth. HTML lives in html.ts / htmlTree.ts.
 */
import type MarkdownIt from 'markdown-it';
import { HtmlConverter, inlineElement } from './html';
import { htmlTags, isVoid, parseHtml } from './htmlTree';
import { ENDS_WITH_CJK, plainText } from './inline';
import { flatten, hasContent, text, type Align, type Block, type Inline, type ListItem, type Table } from './ir';
import { md, parseTopLevel } from './markdownIt';
import type { LocalImage, Resolver } from './resolver';

type Token = MarkdownIt.Token;

/** An element still open while reading a paragraph: markdown emphasis or a link, or an inline HTML tag. */
type Frame =
  | { kind: 'root'; children: Inline[] }
  | { kind: 'markdown'; type: string; href: string; children: Inline[] }
  | { kind: 'html'; tag: string; attrs: Map<string, string>; children: Inline[] };

/** GitHub's alerts (`> [!NOTE]`): the marker becomes a bold label. */
const ALERTS: Record<string, string> = {
  NOTE: 'ℹ️ Note',
  TIP: '💡 Tip',
  IMPORTANT: '❗ Important',
  WARNING: '⚠️ Warning',
  CAUTION: '🛑 Caution',
};
const ALERT = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/i;
const TASK = /^\[([ xX])\](?:\s+|$)/;

function attr(token: Token, name: string): string {
  const value = token.attrGet(name);
  return value === null ? '' : String(value);
}

function alignOf(token: Token): Align {
  const value = /text-align:(\w+)/.exec(attr(token, 'style'))?.[1];
  return value === 'left' || value === 'right' || value === 'center' ? value : undefined;
}

/** The alt text of an image as markdown-it's own renderer reads it. */
function altText(tokens: readonly Token[]): string {
  return tokens.map((t) => (t.type === 'image' ? altText(t.children ?? []) : t.type === 'softbreak' || t.type === 'hardbreak' ? ' ' : t.content)).join('');
}

/** What markdown-it-footnote leaves in the parser's env: per footnote id, a label (defined below the text) or inline tokens (`^[…]`). */
interface FootnoteEnv extends MarkdownIt.Env {
  footnotes?: { refs?: Record<string, number>; list?: ({ label?: string; tokens?: Token[] } | undefined)[] };
}

/** A footnote's content once read, and the local images reading it met (met again wherever it is shown). */
interface Note {
  content: Inline[];
  images: LocalImage[];
}

/** Marks a footnote being read: met again inside itself, it reads as empty. */
const LOOPING: Note = { content: [], images: [] };

/** Thrown by the probe: what is being read must wait for the whole document. */
const WAIT = Symbol('wait for the whole document');

/**
 * Stops a read (throwing WAIT) that looks up a link reference or footnote not defined yet, or a footnote
 * defined more than once, whose last definition counts: read before the whole document is parsed, it
 * might read differently once it is.
 */
class Probe {
  active = false;
  /** markdown-it-footnote's ids of the footnotes defined so far, by `:label`, read without the watch. */
  readonly footnoteIds: Record<string, number> = {};

  constructor(private readonly redefined: ReadonlySet<string>) {}

  /**
   * Whether some top-level tokens' text refers to a footnote not defined yet, or defined twice: a read of
   * them would stop there. A cheap look at the text, so that the read is not even tried (a stopped read
   * costs its start and an exception); what it misses, the watch still stops.
   */
  refersAhead(tokens: readonly Token[]): boolean {
    for (const t of tokens) {
      if (t.type === 'inline' && t.content.includes('[^')) {
        for (const [, label] of t.content.matchAll(FOOTNOTE_REFERENCE)) {
          if (this.footnoteIds[`:${label}`] === undefined || this.redefined.has(label)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** `target`, every lookup in it watched while the probe is active. Footnote keys are `:label`. */
  watch<T extends object>(target: T, footnotes: boolean): T {
    return new Proxy(target, {
      get: (object, key, receiver): unknown => {
        const value: unknown = Reflect.get(object, key, receiver);
        if (this.active && (value === undefined || (footnotes && typeof key === 'string' && this.redefined.has(key.slice(1))))) {
          throw WAIT;
        }
        return value;
      },
    });
  }
}

const FOOTNOTE_REFERENCE = /\[\^([^\]\s]+)\]/g;

/** Labels of footnote definitions the text has more than once (a mention in code counts too: it only makes reads wait). */
function redefinedFootnotes(source: string): Set<string> {
  const seen = new Set<string>();
  const again = new Set<string>();
  for (const [, label] of source.matchAll(/\[\^([^\] \n]+)\]:/g)) {
    (seen.has(label) ? again : seen).add(label);
  }
  return again;
}

/** Reads markdown-it's tokens into blocks, resolving images and links on the way. */
class Reader {
  private tokens: Token[] = [];
  private pos = 0;
  private readonly html: HtmlConverter;
  /** Each footnote definition's tokens (without its opening and closing token), by label; a later definition replaces an earlier one. */
  private readonly definitions = new Map<string, Token[]>();
  private readonly notes = new Map<number, Note>();
  /** Notes first read by the read under way: forgotten if that read is to be done again. */
  private readonly notesRead: number[] = [];
  /** A footnote was shown inside itself: what the footnotes of that loop show depends on which is read first. */
  loopedFootnote = false;
  /** markdown-it levels of the lists being read, and whether a paragraph showed each to be loose. */
  private readonly lists: { level: number; loose: boolean }[] = [];

  constructor(
    private readonly env: FootnoteEnv,
    private readonly resolver: Resolver,
  ) {
    this.html = new HtmlConverter(resolver);
  }

  /** Remembers the footnote definitions among some top-level tokens, for wherever they are referenced. */
  define(tokens: readonly Token[]): void {
    const open: { label: string; start: number }[] = [];
    tokens.forEach((t, i) => {
      if (t.type === 'footnote_reference_open') {
        open.push({ label: String(t.meta?.label), start: i + 1 });
      } else if (t.type === 'footnote_reference_close') {
        const definition = open.pop();
        if (definition) {
          this.definitions.set(definition.label, tokens.slice(definition.start, i));
        }
      }
    });
  }

  /** The blocks of some top-level tokens, and the local images met reading them, in document order. */
  read(tokens: Token[]): Run {
    this.tokens = tokens;
    this.pos = 0;
    this.lists.length = 0;
    this.notesRead.length = 0;
    this.resolver.met = [];
    const blocks = this.blocks(undefined, tokens.length);
    this.tokens = [];
    return { blocks, images: this.resolver.met };
  }

  /** `read`, or undefined if the probe stopped it: what it learned of footnotes is forgotten, to be read again. */
  readNow(tokens: Token[], probe: Probe): Run | undefined {
    probe.active = true;
    try {
      return this.read(tokens);
    } catch (error) {
      if (error !== WAIT) {
        throw error;
      }
      for (const id of this.notesRead) {
        this.notes.delete(id);
      }
      return undefined;
    } finally {
      probe.active = false;
    }
  }

  private blocks(close: string | undefined, limit: number): Block[] {
    const out: Block[] = [];
    while (this.pos < limit) {
      const t = this.tokens[this.pos];
      this.pos += 1;
      if (t.type === close) {
        break;
      }
      const block = this.block(t, limit);
      if (Array.isArray(block)) {
        out.push(...block);
      } else if (block) {
        out.push(block);
      }
    }
    return out;
  }

  private block(t: Token, limit: number): Block | Block[] | undefined {
    switch (t.type) {
      case 'paragraph_open': {
        const list = this.lists[this.lists.length - 1];
        if (list && t.level === list.level + 2 && !t.hidden) {
          list.loose = true;
        }
        const content = this.inlineContent();
        return hasContent(content) ? { kind: 'paragraph', content } : undefined;
      }
      case 'heading_open':
        return { kind: 'heading', level: Number(t.tag.slice(1)), content: this.inlineContent() };
      case 'blockquote_open':
        return this.quote(this.blocks('blockquote_close', limit));
      case 'bullet_list_open':
      case 'ordered_list_open':
        return this.list(t, limit);
      case 'fence':
        return { kind: 'code', lang: /^[^\s{]*/.exec(t.info.trim())?.[0] ?? '', text: t.content.replace(/\n$/, '') };
      case 'code_block':
        return { kind: 'code', lang: '', text: t.content.replace(/\n$/, '') };
      case 'math_block':
        return { kind: 'code', lang: 'math', text: t.content };
      case 'hr':
        return { kind: 'rule' };
      case 'html_block':
        return this.html.blocks(parseHtml(t.content));
      case 'table_open':
        return this.table(limit);
      case 'footnote_reference_open':
        // A footnote's definition is shown where it is referenced.
        this.skipDefinition(limit);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Moves past the footnote definition just opened, nested ones included. */
  private skipDefinition(limit: number): void {
    let depth = 1;
    while (this.pos < limit && depth > 0) {
      const type = this.tokens[this.pos].type;
      depth += type === 'footnote_reference_open' ? 1 : type === 'footnote_reference_close' ? -1 : 0;
      this.pos += 1;
    }
  }

  /** The inline token after an opening token, parsed now, and its closing token skipped. */
  private inlineContent(): Inline[] {
    const inline = this.tokens[this.pos];
    this.pos += 2;
    return inline ? this.inline(this.inlineTokens(inline)) : [];
  }

  /** markdown-it's inline parse of one block's text, into a copy of its token: the children are dropped once read. */
  private inlineTokens(block: Token): Token[] {
    const state = new md.inline.core.State('', md.inline, this.env);
    const token = new state.Token('inline', '', 0);
    token.content = block.content;
    token.map = block.map;
    token.children = [];
    state.tokens = [token];
    md.inline.core.process(state);
    return token.children;
  }

  private quote(children: Block[]): Block {
    const first = children[0];
    if (first?.kind === 'paragraph' && first.content[0]?.kind === 'text') {
      const alert = ALERT.exec(first.content[0].text);
      const next = first.content[1];
      if (alert && (!next || next.kind === 'soft' || next.kind === 'break')) {
        const label: Inline = { kind: 'strong', children: [text(ALERTS[alert[1].toUpperCase()])] };
        first.content = first.content.length > 2 ? [label, { kind: 'break' }, ...first.content.slice(2)] : [label];
      }
    }
    return { kind: 'quote', children };
  }

  private list(t: Token, limit: number): Block {
    const ordered = t.type === 'ordered_list_open';
    const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
    const state = { level: t.level, loose: false };
    this.lists.push(state);
    const items: ListItem[] = [];
    while (this.pos < limit && this.tokens[this.pos].type === 'list_item_open') {
      this.pos += 1;
      items.push(this.item(this.blocks('list_item_close', limit)));
    }
    if (this.tokens[this.pos]?.type === close) {
      this.pos += 1;
    }
    this.lists.pop();
    const start = Number(t.attrGet('start') ?? 1);
    return { kind: 'list', ordered, start: Number.isFinite(start) ? start : 1, tight: !state.loose, items };
  }

  /** A task list item (`[ ]` or `[x]` before its text) loses the brackets and gets its box. */
  private item(blocks: Block[]): ListItem {
    const first = blocks[0];
    const lead = first?.kind === 'paragraph' ? first.content[0] : undefined;
    const task = lead?.kind === 'text' ? TASK.exec(lead.text) : null;
    if (!task || first?.kind !== 'paragraph' || lead?.kind !== 'text') {
      return { blocks };
    }
    const rest = lead.text.slice(task[0].length);
    first.content = rest ? [text(rest), ...first.content.slice(1)] : first.content.slice(1);
    return { check: task[1] !== ' ', blocks: hasContent(first.content) ? blocks : blocks.slice(1) };
  }

  private table(limit: number): Table {
    const table: Table = { kind: 'table', align: [], header: undefined, rows: [] };
    let row: Inline[][] = [];
    let inHead = false;
    while (this.pos < limit) {
      const t = this.tokens[this.pos];
      this.pos += 1;
      switch (t.type) {
        case 'table_close':
          return table;
        case 'thead_open':
          inHead = true;
          break;
        case 'thead_close':
          inHead = false;
          break;
        case 'tr_open':
          row = [];
          break;
        case 'tr_close':
          if (inHead) {
            table.header = row;
          } else {
            table.rows.push(row);
          }
          break;
        case 'th_open':
        case 'td_open':
          if (inHead) {
            table.align.push(alignOf(t));
          }
          row.push(this.inlineContent());
          break;
      }
    }
    return table;
  }

  private footnote(id: number, before: readonly Inline[]): Inline[] {
    let note = this.notes.get(id);
    if (note === LOOPING) {
      this.loopedFootnote = true;
    } else if (note) {
      this.resolver.met.push(...note.images);
    } else {
      // Set before reading, so a footnote that refers to itself reads as empty instead of looping.
      this.notes.set(id, LOOPING);
      this.notesRead.push(id);
      const met = this.resolver.met.length;
      const content = this.noteContent(this.env.footnotes?.list?.[id]);
      note = { content, images: this.resolver.met.slice(met) };
      this.notes.set(id, note);
    }
    const content = note.content;
    if (content.length === 0) {
      return [];
    }
    const preceding = plainText(before.slice(-1));
    if (ENDS_WITH_CJK.test(preceding)) {
      return [text('（'), ...content, text('）')];
    }
    return [text(preceding === '' || /\s$/.test(preceding) ? '(' : ' ('), ...content, text(')')];
  }

  private noteContent(note: { label?: string; tokens?: Token[] } | undefined): Inline[] {
    if (note?.tokens) {
      return this.inline(note.tokens);
    }
    const definition = note?.label === undefined ? undefined : this.definitions.get(note.label);
    if (!definition) {
      return [];
    }
    const [tokens, pos] = [this.tokens, this.pos];
    this.tokens = definition;
    this.pos = 0;
    const blocks = this.blocks(undefined, definition.length);
    [this.tokens, this.pos] = [tokens, pos];
    return flatten(blocks);
  }

  private inline(tokens: readonly Token[]): Inline[] {
    const root: Frame = { kind: 'root', children: [] };
    const stack: Frame[] = [root];
    const top = (): Inline[] => stack[stack.length - 1].children;
    const finish = (frame: Frame): Inline[] => {
      if (frame.kind === 'html') {
        return inlineElement(frame.tag, frame.attrs, frame.children, this.resolver);
      }
      if (frame.kind !== 'markdown') {
        return frame.children;
      }
      switch (frame.type) {
        case 'em':
          return [{ kind: 'em', children: frame.children }];
        case 'strong':
          return [{ kind: 'strong', children: frame.children }];
        case 's':
          return [{ kind: 'del', children: frame.children }];
        default:
          return [this.resolver.link(frame.href, frame.children)];
      }
    };
    /** Closes the frames from `depth` up, an unclosed HTML element ending where its parent ends. */
    const closeFrom = (depth: number): void => {
      while (stack.length > depth) {
        const frame = stack.pop() as Frame;
        top().push(...finish(frame));
      }
    };
    for (const t of tokens) {
      switch (t.type) {
        case 'text':
          if (t.content) {
            top().push(text(t.content));
          }
          break;
        case 'softbreak':
          top().push({ kind: 'soft' });
          break;
        case 'hardbreak':
          top().push({ kind: 'break' });
          break;
        case 'code_inline':
          top().push({ kind: 'code', text: t.content });
          break;
        case 'math_inline':
          top().push({ kind: 'code', text: `${t.markup}${t.content}${t.markup}` });
          break;
        case 'em_open':
        case 'strong_open':
        case 's_open':
        case 'link_open':
          stack.push({ kind: 'markdown', type: t.type.slice(0, -'_open'.length), href: attr(t, 'href'), children: [] });
          break;
        case 'em_close':
        case 'strong_close':
        case 's_close':
        case 'link_close': {
          const type = t.type.slice(0, -'_close'.length);
          for (let at = stack.length - 1; at > 0; at -= 1) {
            const frame = stack[at];
            if (frame.kind === 'markdown' && frame.type === type) {
              closeFrom(at);
              break;
            }
          }
          break;
        }
        case 'image':
          top().push(this.resolver.image(attr(t, 'src'), altText(t.children ?? [])));
          break;
        case 'html_inline':
          this.htmlInline(t.content, stack, closeFrom);
          break;
        case 'footnote_ref':
          top().push(...this.footnote(Number(t.meta?.id), top()));
          break;
      }
    }
    closeFrom(1);
    return root.children;
  }

  /** One inline HTML tag: an element opened here may close in a later token, but never across markdown emphasis or a link. */
  private htmlInline(raw: string, stack: Frame[], closeFrom: (depth: number) => void): void {
    const tag = htmlTags(raw)[0];
    const top = stack[stack.length - 1].children;
    if (!tag) {
      return;
    }
    if (tag.type === 'text') {
      top.push(text(tag.text));
    } else if (tag.type === 'open') {
      if (tag.selfClosing || isVoid(tag.tag)) {
        top.push(...inlineElement(tag.tag, tag.attrs, [], this.resolver));
      } else {
        stack.push({ kind: 'html', tag: tag.tag, attrs: tag.attrs, children: [] });
      }
    } else {
      for (let at = stack.length - 1; at > 0; at -= 1) {
        const frame = stack[at];
        if (frame.kind !== 'html') {
          break;
        }
        if (frame.tag === tag.tag) {
          closeFrom(at);
          break;
        }
      }
    }
  }
}

/** One run of top-level blocks, read: its blocks and the local images met reading them. */
export interface Run {
  blocks: Block[];
  images: LocalImage[];
}

/**
 * Reads a markdown document (front matter already removed), run of top-level blocks by run, and returns
 * what `write` made of each run, in document order.
 *
 * `inSections` (the default): each run is read and written as soon as markdown-it has parsed it, and
 * its tokens dropped, unless the read looked up a link reference or footnote not defined yet; such a run
 * keeps its tokens and is read again once the whole document is parsed. Otherwise every run waits for
 * the whole document: all of its tokens are read after parsing it all. Both read the same (the tests
 * compare them); in sections, the document's tokens and blocks never all exist at once.
 */
export function parseMarkdown<T>(source: string, resolver: Resolver, write: (run: Run) => T, inSections = true): T[] {
  // Without `]:` the text defines no link reference nor footnote, so no read depends on what follows it.
  const defines = source.includes(']:');
  const probe = new Probe(defines ? redefinedFootnotes(source) : new Set());
  const env: FootnoteEnv = defines ? { references: probe.watch({}, false), footnotes: { refs: probe.watch(probe.footnoteIds, true) } } : {};
  const reader = new Reader(env, resolver);
  const written: (T | Token[])[] = [];
  let waiting = false;
  parseTopLevel(source, env, (tokens) => {
    reader.define(tokens);
    if (!inSections) {
      written.push(tokens);
      return;
    }
    const read = !defines ? reader.read(tokens) : probe.refersAhead(tokens) ? undefined : reader.readNow(tokens, probe);
    if (read) {
      written.push(write(read));
    } else {
      written.push(tokens);
      waiting = true;
    }
  });
  if (reader.loopedFootnote && waiting) {
    // Footnotes shown inside each other read differently in another order: read them in document order.
    return parseMarkdown(source, resolver, write, false);
  }
  return written.map((run) => (Array.isArray(run) ? write(reader.read(run as Token[])) : run));
}
