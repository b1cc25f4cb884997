import { Resvg } from '@resvg/resvg-wasm';

/**
 * A glyph as the picture draws it: the SVG `<text>` that sets it alone at the origin (family, size,
 * style, anchor), its `id` to be filled in. The same definition always gives the same outline with
 * the same fonts.
 */
export type GlyphDefinition = string;

/** What a band's `<defs>` holds for a glyph: its outline as a path, or, where resvg drew it otherwise (a color glyph), the text itself. */
export interface GlyphShape {
  /** The outline's path data; '' for a glyph that draws nothing. Undefined: draw `definition` as text. */
  path?: string;
}

/**
 * The outlines kept for the session, in bytes. A CJK glyph's outline is about 1.7 KB of path data
 * (median 1.66 KB, 95% under 2.9 KB, over 2,000 ideographs of Noto Sans CJK at 14 px), about 2 KB
 * kept: 24 MB holds some 12,000 of them, the 3,755 most common Chinese characters in three styles
 * (regular, and a theme's bold and italic), where 20,000 glyphs in each of 3 font sets were up to
 * 100-280 MB.
 */
export const MAX_CACHED_BYTES = 24 * 1024 * 1024;
/** A kept outline's Map entry, its objects and its strings' headers, about. */
const ENTRY_BYTES = 128;

/** Outlines by font set and definition, the least recently used dropped first beyond `maxBytes`. */
export class OutlineCache {
  private readonly entries = new Map<string, { shape: GlyphShape; bytes: number }>();
  private kept = 0;

  constructor(private limit: number) {}

  /** What the kept outlines take, as `bytesOf` counts it. */
  get bytes(): number {
    return this.kept;
  }

  get size(): number {
    return this.entries.size;
  }

  get maxBytes(): number {
    return this.limit;
  }

  set maxBytes(limit: number) {
    this.limit = limit;
    this.trim();
  }

  /** The shape kept under `key`, now the most recently used. */
  get(key: string): GlyphShape | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry?.shape;
  }

  set(key: string, shape: GlyphShape): void {
    const known = this.entries.get(key);
    if (known) {
      this.kept -= known.bytes;
      this.entries.delete(key);
    }
    const bytes = bytesOf(key, shape);
    this.entries.set(key, { shape, bytes });
    this.kept += bytes;
    this.trim();
  }

  private trim(): void {
    for (const [key, { bytes }] of this.entries) {
      if (this.kept <= this.limit) {
        break;
      }
      this.entries.delete(key);
      this.kept -= bytes;
    }
  }
}

/** A key and an outline as V8 holds them: one byte a character, two for a string with one past U+00FF (a CJK glyph's definition). */
function bytesOf(key: string, shape: GlyphShape): number {
  return key.length * (/[\u0100-\uffff]/.test(key) ? 2 : 1) + (shape.path?.length ?? 0) + ENTRY_BYTES;
}

/** The session's outlines (`glyphShapes`). */
export const outlines = new OutlineCache(MAX_CACHED_BYTES);

/** Font files get a number each (the host passes the same arrays every time), so a set of them has a name. */
const fontIds = new WeakMap<Uint8Array, number>();
let nextFontId = 0;

function fontSetKey(fonts: Uint8Array[]): string {
  return fonts
    .map((font) => {
      let id = fontIds.get(font);
      if (id === undefined) {
        id = nextFontId++;
        fontIds.set(font, id);
      }
      return id;
    })
    .join(',');
}

/** One glyph's group in resvg's output: its paths' data so far, and whether it is still nothing but plain black outlines. */
interface Glyph {
  paths: string[];
  plain: boolean;
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const BLACK = /^(?:#000(?:000)?|black|rgb\(\s*0\s*,\s*0\s*,\s*0\s*\))$/i;
const IDENTITY = /^matrix\(\s*1[\s,]+0[\s,]+0[\s,]+1[\s,]+0[\s,]+0\s*\)$/;

/** The values of the attributes that could change a fill which leave it plain black. */
const PLAIN_VALUES = new Map<string, (value: string) => boolean>([
  ['fill', (value) => BLACK.test(value)],
  ['stroke', (value) => value === 'none'],
  ['opacity', (value) => Number(value) === 1],
  ['fill-opacity', (value) => Number(value) === 1],
  ['fill-rule', (value) => value === 'nonzero'],
  ['transform', (value) => IDENTITY.test(value)],
]);
/** Attributes that never change the fill; so do the `stroke-*` ones, the stroke being none. */
const NO_FILL_CHANGE = new Set(['id', 'class', 'd', 'paint-order']);

function attributesOf(text: string): Map<string, string> {
  return new Map(Array.from(text.matchAll(ATTRIBUTE), (m) => [m[1], m[2] ?? m[3]]));
}

/**
 * Whether an element of a glyph's group, with these attributes, leaves the outline a plain black fill,
 * which a `<use>` fills again in the cell's color: any order, and attributes that do not change the fill
 * (an id, how a stroke there is none of would be drawn, an explicit default), are all the same.
 */
function plainFill(attributes: Map<string, string>): boolean {
  for (const [name, value] of attributes) {
    const plain = PLAIN_VALUES.get(name);
    if (plain ? !plain(value.trim()) : !NO_FILL_CHANGE.has(name) && !name.startsWith('stroke-')) {
      return false;
    }
  }
  return true;
}

/** A string of its own: a regex's match is a slice that would keep the whole of resvg's output alive in the cache. */
function copied(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

/**
 * Each glyph's outline in what resvg's `toString()` wrote for `<g id="o<index>">`s of glyphs: the
 * paths' data, joined, where its group holds nothing but plain black outlines (`plainFill`; nested
 * groups too), else undefined (a color glyph, an image, a transform: drawn as text). A glyph with no
 * group drew nothing, unless the output holds something else beside the groups, which this does not
 * know: then every glyph without one is drawn as text too.
 */
export function outlinesIn(written: string, count: number): GlyphShape[] {
  const found = new Map<number, Glyph>();
  let known = true;
  const open: Array<{ name: string; glyph?: Glyph; defs?: boolean }> = [];
  for (const [, closing, name, attributeText, selfClosing] of written.matchAll(TAG)) {
    if (closing) {
      known &&= open.pop()?.name === name;
      continue;
    }
    const attributes = attributesOf(attributeText);
    const parent = open.at(-1);
    const id = /^o(\d+)$/.exec(attributes.get('id') ?? '');
    let element: (typeof open)[number] = { name };
    if (!parent) {
      known &&= name === 'svg';
    } else if (parent.defs || (open.length === 1 && name === 'defs')) {
      // What the glyphs could refer to (a clip path, a gradient); an element that refers to it is not a plain fill.
      element = { name, defs: true };
    } else if (parent.glyph) {
      const d = name === 'path' ? attributes.get('d')?.trim() : undefined;
      if ((name === 'g' || name === 'path') && plainFill(attributes)) {
        parent.glyph.paths.push(...(d ? [d] : []));
      } else {
        parent.glyph.plain = false;
      }
      element = { name, glyph: parent.glyph };
    } else if (open.length === 1 && name === 'g' && id) {
      element = { name, glyph: { paths: [], plain: plainFill(attributes) } };
      found.set(Number(id[1]), element.glyph as Glyph);
    } else {
      known = false;
    }
    if (!selfClosing) {
      open.push(element);
    }
  }
  return Array.from({ length: count }, (_, index) => {
    const glyph = found.get(index);
    if (!glyph) {
      return { path: known ? '' : undefined };
    }
    return { path: glyph.plain ? copied(glyph.paths.join(' ')) : undefined };
  });
}

/**
 * Each glyph's outline, laid out once by resvg (its own text layout, shaping and font fallback,
 * turned into paths by its `toString()`) and kept for the session in `outlines`: a picture then draws
 * each character as a `<use>` of its glyph, which resvg copies instead of laying out text again
 * (about 25 µs a glyph). Each definition's `id` placeholder is `{id}`. The shapes returned are this
 * picture's whatever the cache had to drop meanwhile.
 */
export function glyphShapes(definitions: GlyphDefinition[], fonts: Uint8Array[], primaryFamily: string): GlyphShape[] {
  const prefix = `${fontSetKey(fonts)}\n`;
  const shapes = new Map<GlyphDefinition, GlyphShape>();
  const missing: GlyphDefinition[] = [];
  for (const definition of new Set(definitions)) {
    const kept = outlines.get(prefix + definition);
    if (kept) {
      shapes.set(definition, kept);
    } else {
      missing.push(definition);
    }
  }
  if (missing.length > 0) {
    const body = missing.map((definition, index) => definition.replace('{id}', `o${index}`)).join('');
    const resvg = new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">${body}</svg>`, {
      font: { fontBuffers: fonts, defaultFontFamily: primaryFamily, monospaceFamily: primaryFamily },
    });
    let written: string;
    try {
      written = resvg.toString();
    } finally {
      resvg.free();
    }
    outlinesIn(written, missing.length).forEach((shape, index) => {
      shapes.set(missing[index], shape);
      outlines.set(prefix + missing[index], shape);
    });
  }
  return definitions.map((definition) => shapes.get(definition) as GlyphShape);
}
