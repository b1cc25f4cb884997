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

/** Font files get a number each (the host passes the same arrays every time), so a set of them has a name. */
const fontIds = new WeakMap<Uint8Array, number>();
let nextFontId = 0;

/** Outlines by font set and definition; a few sets (with and without the CJK collection, say), each of a bounded number of glyphs. */
const cache = new Map<string, Map<GlyphDefinition, GlyphShape>>();
const MAX_FONT_SETS = 3;
const MAX_GLYPHS_PER_SET = 20_000;

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

function shapesFor(fonts: Uint8Array[]): Map<GlyphDefinition, GlyphShape> {
  const key = fontSetKey(fonts);
  let shapes = cache.get(key);
  if (!shapes || shapes.size > MAX_GLYPHS_PER_SET) {
    shapes = new Map();
  }
  cache.delete(key);
  cache.set(key, shapes);
  while (cache.size > MAX_FONT_SETS) {
    cache.delete(cache.keys().next().value as string);
  }
  return shapes;
}

const OUTLINE_PART = /^\s*(?:<g>|<\/g>|<path fill="#000000" stroke="none" d="([^"]*)"\/>)/;

/**
 * The paths resvg wrote for one glyph's group (the text between its `<g id>` and the next), or
 * undefined when it holds anything but plain black outlines, nested groups without attributes
 * included: a color glyph, an image, a transform.
 */
function outlineOf(markup: string): string | undefined {
  const paths: string[] = [];
  let rest = markup;
  while (rest.trim() !== '') {
    const part = OUTLINE_PART.exec(rest);
    if (!part) {
      return undefined;
    }
    if (part[1] !== undefined) {
      paths.push(part[1]);
    }
    rest = rest.slice(part[0].length);
  }
  return paths.join(' ');
}

/**
 * Each glyph's outline, laid out once by resvg (its own text layout, shaping and font fallback,
 * turned into paths by its `toString()`) and kept for the session: a picture then draws each
 * character as a `<use>` of its glyph, which resvg copies instead of laying out text again (about
 * 25 µs a glyph). Each definition's `id` placeholder is `{id}`.
 */
export function glyphShapes(definitions: GlyphDefinition[], fonts: Uint8Array[], primaryFamily: string): GlyphShape[] {
  const shapes = shapesFor(fonts);
  const missing = [...new Set(definitions.filter((definition) => !shapes.has(definition)))];
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
    const groups = new Map<number, string>();
    const starts = [...written.matchAll(/<g id="o(\d+)">/g)];
    starts.forEach((start, k) => {
      const from = (start.index as number) + start[0].length;
      const to = k + 1 < starts.length ? (starts[k + 1].index as number) : written.lastIndexOf('</svg>');
      groups.set(Number(start[1]), written.slice(from, to));
    });
    missing.forEach((definition, index) => {
      const markup = groups.get(index);
      // A glyph resvg wrote nothing for draws nothing (a space-like character).
      shapes.set(definition, { path: markup === undefined ? '' : outlineOf(markup) });
    });
  }
  return definitions.map((definition) => shapes.get(definition) as GlyphShape);
}
