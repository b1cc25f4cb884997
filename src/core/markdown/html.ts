import { hasContent, text, type Block, type Inline, type ListItem, type Table } from './ir';
import { BLOCK, HIDDEN, type HtmlElement, type HtmlNode } from './htmlTree';
import type { Resolver } from './resolver';
import { fileName } from './urls';

function textOf(node: HtmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

/** Plain text of inline content that holds nothing but text, or undefined when it holds more (an image, a link). */
function onlyText(nodes: Inline[]): string | undefined {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text' || node.kind === 'code') {
      out += node.text;
    } else if (node.kind === 'soft') {
      out += ' ';
    } else {
      return undefined;
    }
  }
  return out;
}

/** What an inline HTML element shows, from its already converted children. Shared by HTML blocks and HTML inside markdown. */
export function inlineElement(tag: string, attrs: Map<string, string>, children: Inline[], resolver: Resolver): Inline[] {
  switch (tag) {
    case 'br':
      return [{ kind: 'break' }];
    case 'img': {
      const src = attrs.get('src');
      return src ? [resolver.image(src, attrs.get('alt') ?? '')] : [];
    }
    case 'a': {
      const href = attrs.get('href');
      return href === undefined ? children : [resolver.link(href, children)];
    }
    case 'b':
    case 'strong':
      return [{ kind: 'strong', children }];
    case 'i':
    case 'em':
    case 'cite':
    case 'dfn':
      return [{ kind: 'em', children }];
    case 's':
    case 'del':
    case 'strike':
      return [{ kind: 'del', children }];
    case 'code':
    case 'kbd':
    case 'samp':
    case 'tt': {
      const plain = onlyText(children);
      return plain === undefined ? children : plain.trim() ? [{ kind: 'code', text: plain }] : [];
    }
    case 'sup':
    case 'sub':
      return [{ kind: tag, children }];
    case 'q':
      return [text('“'), ...children, text('”')];
    case 'input':
      return attrs.get('type')?.toLowerCase() === 'checkbox' ? [text(attrs.has('checked') ? '☑ ' : '☐ ')] : [];
    case 'video':
    case 'audio':
    case 'iframe':
    case 'embed': {
      const src = attrs.get('src');
      return hasContent(children) || !src ? children : [resolver.link(src, [text(attrs.get('title') || fileName(src))])];
    }
    default:
      return HIDDEN.has(tag) ? [] : children;
  }
}

/** Turns parsed HTML into the converter's blocks: what a browser would show, as DingTalk can show it. */
export class HtmlConverter {
  constructor(private readonly resolver: Resolver) {}

  blocks(nodes: HtmlNode[]): Block[] {
    const out: Block[] = [];
    let paragraph: Inline[] = [];
    const flush = (): void => {
      if (hasContent(paragraph)) {
        out.push({ kind: 'paragraph', content: paragraph });
      }
      paragraph = [];
    };
    for (const node of nodes) {
      if (typeof node !== 'string' && BLOCK.has(node.tag)) {
        flush();
        out.push(...this.block(node));
      } else {
        paragraph.push(...this.inline([node]));
      }
    }
    flush();
    return out;
  }

  /** Inline content; block elements inside it (a `<p>` in a table cell) become line breaks. */
  inline(nodes: HtmlNode[]): Inline[] {
    const out: Inline[] = [];
    for (const node of nodes) {
      if (typeof node === 'string') {
        const collapsed = node.replace(/[ \t\n\r\f]+/g, ' ');
        if (collapsed) {
          out.push(text(collapsed));
        }
      } else if (BLOCK.has(node.tag)) {
        const inner = node.tag === 'hr' ? [] : this.inline(node.children);
        if (hasContent(out)) {
          out.push({ kind: 'break' });
        }
        out.push(...inner);
      } else {
        out.push(...inlineElement(node.tag, node.attrs, this.inline(node.children), this.resolver));
      }
    }
    return out;
  }

  private block(element: HtmlElement): Block[] {
    const { tag, children } = element;
    switch (tag) {
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        return [{ kind: 'heading', level: Number(tag[1]), content: this.inline(children) }];
      case 'ul':
      case 'ol':
        return [this.list(element)];
      case 'blockquote':
        return [{ kind: 'quote', children: this.blocks(children) }];
      case 'pre':
        return [this.pre(element)];
      case 'table':
        return [this.table(element)];
      case 'hr':
        return [{ kind: 'rule' }];
      case 'summary':
      case 'dt': {
        const content = this.inline(children);
        return hasContent(content) ? [{ kind: 'paragraph', content: [{ kind: 'strong', children: content }] }] : [];
      }
      default:
        return this.blocks(children);
    }
  }

  private list(element: HtmlElement): Block {
    const items: ListItem[] = [];
    for (const child of element.children) {
      if (typeof child !== 'string' && child.tag === 'li') {
        items.push(this.item(child));
      } else if (typeof child !== 'string' || child.trim()) {
        const blocks = this.blocks([child]);
        if (items.length > 0) {
          items[items.length - 1].blocks.push(...blocks);
        } else if (blocks.length > 0) {
          items.push({ blocks });
        }
      }
    }
    const start = Number.parseInt(element.attrs.get('start') ?? '1', 10);
    return { kind: 'list', ordered: element.tag === 'ol', start: Number.isFinite(start) ? start : 1, tight: true, items };
  }

  private item(li: HtmlElement): ListItem {
    const first = li.children.findIndex((c) => typeof c !== 'string' || c.trim());
    const box = li.children[first];
    if (typeof box !== 'string' && box?.tag === 'input' && box.attrs.get('type')?.toLowerCase() === 'checkbox') {
      return { check: box.attrs.has('checked'), blocks: this.blocks(li.children.slice(first + 1)) };
    }
    return { blocks: this.blocks(li.children) };
  }

  private pre(element: HtmlElement): Block {
    const code = element.children.find((c): c is HtmlElement => typeof c !== 'string' && c.tag === 'code');
    const lang = /(?:^|\s)lang(?:uage)?-(\S+)/.exec(code?.attrs.get('class') ?? '')?.[1] ?? '';
    return { kind: 'code', lang, text: textOf(element).replace(/^\n/, '').replace(/\n$/, '') };
  }

  private table(element: HtmlElement): Table {
    const rows: { header: boolean; cells: HtmlElement[] }[] = [];
    const collect = (parent: HtmlElement, inHead: boolean): void => {
      for (const child of parent.children) {
        if (typeof child === 'string') {
          continue;
        }
        if (child.tag === 'tr') {
          const cells = child.children.filter((c): c is HtmlElement => typeof c !== 'string' && (c.tag === 'td' || c.tag === 'th'));
          rows.push({ header: inHead || (cells.length > 0 && cells.every((c) => c.tag === 'th')), cells });
        } else if (child.tag === 'thead' || child.tag === 'tbody' || child.tag === 'tfoot') {
          collect(child, child.tag === 'thead');
        }
      }
    };
    collect(element, false);
    const width = Math.max(0, ...rows.map((r) => r.cells.length));
    const cellsOf = (cells: HtmlElement[]): Inline[][] => Array.from({ length: width }, (_, i) => (cells[i] ? this.inline(cells[i].children) : []));
    const align = Array.from({ length: width }, (_, i) => {
      const cell = rows[0]?.cells[i];
      const value = (cell?.attrs.get('align') ?? /text-align\s*:\s*(\w+)/i.exec(cell?.attrs.get('style') ?? '')?.[1])?.toLowerCase();
      return value === 'left' || value === 'right' || value === 'center' ? value : undefined;
    });
    const hasHeader = rows.length > 0 && rows[0].header;
    return {
      kind: 'table',
      align,
      header: hasHeader ? cellsOf(rows[0].cells) : undefined,
      rows: rows.slice(hasHeader ? 1 : 0).map((r) => cellsOf(r.cells)),
    };
  }
}
