/**
 * What the renderer needs to know about a font file before resvg draws with it: its family name (to
 * name it in the SVG), which characters it has (to pick a font per character and to warn about the
 * ones no font has), and its metrics (to put the text on the cell grid).
 *
 * Reads TrueType/OpenType files and collections (.ttc, as Noto CJK ships) directly: only the table
 * directory, `cmap`, `name`, `head`, `hhea` and `hmtx` are touched, so a 20 MB CJK collection is
 * looked at in well under a millisecond. Font parsing libraries either lack collections or are far
 * larger than this whole module.
 */

export interface FontFace {
  family: string;
  /** The glyph for a code point; 0 when the face does not have it. */
  glyphOf(codePoint: number): number;
  /** Ascender and descender (negative) as fractions of the em. */
  ascent: number;
  descent: number;
  /** The advance of "M", as a fraction of the em: the cell width of a monospace face. */
  advance: number;
  /** A glyph's advance, as a fraction of the em. */
  advanceOf(glyph: number): number;
}

type Tables = Map<string, { offset: number; length: number }>;

const faceCache = new WeakMap<Uint8Array, FontFace[]>();

/** The faces in a font file (one, or several for a collection); an empty list when it is not a font this reader knows or resvg cannot draw. */
export function fontFaces(data: Uint8Array): FontFace[] {
  let faces = faceCache.get(data);
  if (!faces) {
    faces = readFaces(data);
    faceCache.set(data, faces);
  }
  return faces;
}

function readFaces(data: Uint8Array): FontFace[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  try {
    if (tag(view, 0) === 'ttcf') {
      const count = view.getUint32(8);
      const faces: FontFace[] = [];
      for (let i = 0; i < count; i++) {
        const face = readFace(view, view.getUint32(12 + 4 * i));
        if (face) {
          faces.push(face);
        }
      }
      return faces;
    }
    const face = readFace(view, 0);
    return face ? [face] : [];
  } catch {
    // A truncated or damaged file reads past its end: it is simply not a usable font.
    return [];
  }
}

function tag(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

function readFace(view: DataView, start: number): FontFace | undefined {
  const version = view.getUint32(start);
  if (version !== 0x00010000 && tag(view, start) !== 'OTTO' && tag(view, start) !== 'true') {
    return undefined;
  }
  const tables: Tables = new Map();
  const count = view.getUint16(start + 4);
  for (let i = 0; i < count; i++) {
    const record = start + 12 + 16 * i;
    tables.set(tag(view, record), { offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  const cmap = tables.get('cmap');
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const hmtx = tables.get('hmtx');
  const family = readFamily(view, tables);
  // Color bitmap fonts (Noto Color Emoji's CBDT, Apple's sbix) have no outlines, which is all this
  // resvg build draws: counting on one would leave its characters blank instead of reporting them.
  const outlines = tables.has('glyf') || tables.has('CFF ') || tables.has('CFF2');
  if (!cmap || !head || !hhea || !hmtx || !family || !outlines) {
    return undefined;
  }
  const glyphOf = readCmap(view, cmap.offset);
  if (!glyphOf) {
    return undefined;
  }
  const unitsPerEm = view.getUint16(head.offset + 18);
  const metricsCount = view.getUint16(hhea.offset + 34);
  // Glyphs past the last metric share its advance (a monospace font may store only one).
  const advanceOf = (glyph: number): number => view.getUint16(hmtx.offset + 4 * Math.min(glyph, metricsCount - 1)) / unitsPerEm;
  return {
    family,
    glyphOf,
    ascent: view.getInt16(hhea.offset + 4) / unitsPerEm,
    descent: view.getInt16(hhea.offset + 6) / unitsPerEm,
    advance: advanceOf(glyphOf(0x4d)),
    advanceOf,
  };
}

const NAME_TYPOGRAPHIC_FAMILY = 16;
const NAME_FAMILY = 1;

/** The family name resvg matches `font-family` against: the typographic family if there is one, in US English if there is one. */
function readFamily(view: DataView, tables: Tables): string | undefined {
  const name = tables.get('name');
  if (!name) {
    return undefined;
  }
  const count = view.getUint16(name.offset + 2);
  const strings = name.offset + view.getUint16(name.offset + 4);
  let best: { rank: number; value: string } | undefined;
  for (let i = 0; i < count; i++) {
    const record = name.offset + 6 + 12 * i;
    const platform = view.getUint16(record);
    const language = view.getUint16(record + 4);
    const id = view.getUint16(record + 6);
    if ((id !== NAME_FAMILY && id !== NAME_TYPOGRAPHIC_FAMILY) || (platform !== 3 && platform !== 0)) {
      continue;
    }
    const rank = (id === NAME_TYPOGRAPHIC_FAMILY ? 0 : 2) + (platform === 3 && language === 0x409 ? 0 : 1);
    if (best && best.rank <= rank) {
      continue;
    }
    const length = view.getUint16(record + 8);
    const offset = strings + view.getUint16(record + 10);
    let value = '';
    for (let j = 0; j + 1 < length; j += 2) {
      value += String.fromCharCode(view.getUint16(offset + j));
    }
    if (value) {
      best = { rank, value };
    }
  }
  return best?.value;
}

/** The Unicode character map: a full-repertoire (format 12) subtable when there is one, else the BMP one (format 4). */
function readCmap(view: DataView, cmap: number): ((codePoint: number) => number) | undefined {
  const count = view.getUint16(cmap + 2);
  let bmp: number | undefined;
  let full: number | undefined;
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const subtable = cmap + view.getUint32(record + 4);
    const format = view.getUint16(subtable);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && format === 12) {
      full ??= subtable;
    } else if (unicode && format === 4) {
      bmp ??= subtable;
    }
  }
  if (full !== undefined) {
    return format12(view, full);
  }
  return bmp === undefined ? undefined : format4(view, bmp);
}

function format12(view: DataView, table: number): (codePoint: number) => number {
  const groups = view.getUint32(table + 12);
  return (codePoint) => {
    let low = 0;
    let high = groups - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const group = table + 16 + 12 * mid;
      const first = view.getUint32(group);
      if (codePoint < first) {
        high = mid - 1;
      } else if (codePoint > view.getUint32(group + 4)) {
        low = mid + 1;
      } else {
        return view.getUint32(group + 8) + codePoint - first;
      }
    }
    return 0;
  };
}

function format4(view: DataView, table: number): (codePoint: number) => number {
  const segments = view.getUint16(table + 6) / 2;
  const ends = table + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  return (codePoint) => {
    if (codePoint > 0xffff) {
      return 0;
    }
    let low = 0;
    let high = segments - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (view.getUint16(ends + 2 * mid) < codePoint) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    const start = view.getUint16(starts + 2 * low);
    if (codePoint < start || codePoint > view.getUint16(ends + 2 * low)) {
      return 0;
    }
    const delta = view.getUint16(deltas + 2 * low);
    const rangeOffset = view.getUint16(rangeOffsets + 2 * low);
    if (rangeOffset === 0) {
      return (codePoint + delta) & 0xffff;
    }
    const glyph = view.getUint16(rangeOffsets + 2 * low + rangeOffset + 2 * (codePoint - start));
    return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
  };
}
