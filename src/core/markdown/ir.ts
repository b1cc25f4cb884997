/**
 * What a document is made of once parsed, whether it was written in markdown or in HTML: the converter
 * reads both into these nodes and writes DingTalk's markdown from them. Links and images are already
 * resolved: an `href` or `src` here is what DingTalk gets, and `undefined` means text only.
 */
export type Inline =
  | { kind: 'text'; text: string }
  /** A line break in the source that the preview shows as a space (or nothing between CJK characters). */
  | { kind: 'soft' }
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  | { kind: 'em' | 'strong' | 'del' | 'sup' | 'sub'; children: Inline[] }
  | { kind: 'link'; href: string | undefined; children: Inline[] }
  /** `written`: the source as the author wrote it, to tell a link to the picture itself. */
  | { kind: 'image'; src: string | undefined; alt: string; badge: boolean; written: string };

export type Align = 'left' | 'right' | 'center' | undefined;

export interface Table {
  kind: 'table';
  align: Align[];
  /** Undefined for an HTML table without header cells. */
  header: Inline[][] | undefined;
  rows: Inline[][][];
}

export interface ListItem {
  /** A task list item: checked or not; undefined for an ordinary item. */
  check?: boolean;
  blocks: Block[];
}

export interface List {
  kind: 'list';
  ordered: boolean;
  start: number;
  tight: boolean;
  items: ListItem[];
}

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'heading'; level: number; content: Inline[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'quote'; children: Block[] }
  | List
  | Table
  | { kind: 'rule' };

export function text(value: string): Inline {
  return { kind: 'text', text: value };
}

/** Whether inline content shows anything: more than whitespace and line breaks. */
export function hasContent(nodes: readonly Inline[]): boolean {
  return nodes.some((n) => n.kind !== 'soft' && n.kind !== 'break' && (n.kind !== 'text' || n.text.trim() !== ''));
}

/** Inline content as one run of text, for a footnote shown in parentheses where it is referenced. */
export function flatten(blocks: readonly Block[]): Inline[] {
  const out: Inline[] = [];
  const add = (nodes: readonly Inline[]): void => {
    if (hasContent(nodes)) {
      if (out.length > 0) {
        out.push(text(' '));
      }
      out.push(...nodes);
    }
  };
  for (const block of blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'heading':
        add(block.content);
        break;
      case 'code':
        add([{ kind: 'code', text: block.text.replace(/\s*\n\s*/g, ' ') }]);
        break;
      case 'quote':
        add(flatten(block.children));
        break;
      case 'list':
        for (const item of block.items) {
          add(flatten(item.blocks));
        }
        break;
      case 'table':
        for (const row of block.rows) {
          for (const cell of row) {
            add(cell);
          }
        }
        break;
      case 'rule':
        break;
    }
  }
  return out;
}
