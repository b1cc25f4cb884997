/** Bytes a string adds to a JSON body: UTF-8 after JSON escaping. Additive over concatenation. */
export function jsonByteLength(value: string): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8') - 2;
}

interface Piece {
  text: string;
  /** A later piece of a line cut for being too long: it continues the line, with no line break before it. */
  glued: boolean;
  bytes: number;
}

interface Fence {
  /** Whatever comes before the marker on the opening line: list indentation, `>` of a quote. */
  prefix: string;
  marker: string;
  opener: string;
}

const FENCE = /^((?:[ \t]*>)*[ \t]*)(`{3,}|~{3,})(.*)$/;
const HEADING = /^#{1,6}(?:[ \t]|$)/;
const NEWLINE = jsonByteLength('\n');

function quoteDepth(prefix: string): number {
  return prefix.split('>').length - 1;
}

/** The fence state after `line`, given the state before it. */
function nextFence(open: Fence | undefined, line: string): Fence | undefined {
  const match = FENCE.exec(line);
  if (!match) {
    return open;
  }
  const [, prefix, marker, rest] = match;
  if (!open) {
    return marker[0] === '`' && rest.includes('`') ? undefined : { prefix, marker, opener: line };
  }
  const closes = marker[0] === open.marker[0] && marker.length >= open.marker.length && !rest.trim() && quoteDepth(prefix) === quoteDepth(open.prefix);
  return closes ? undefined : open;
}

/** JSON-escaped UTF-8 bytes of one code point, as jsonByteLength counts them. */
function codePointBytes(cp: number): number {
  if (cp === 0x22 || cp === 0x5c || cp === 0x08 || cp === 0x09 || cp === 0x0a || cp === 0x0c || cp === 0x0d) {
    return 2;
  }
  if (cp < 0x20 || (cp >= 0xd800 && cp <= 0xdfff)) {
    return 6;
  }
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** `cut`, or the start of the `&lt;` / `&amp;` it would split (half an entity would show as text). */
function outsideEntity(line: string, start: number, cut: number): number {
  const amp = line.lastIndexOf('&', cut - 1);
  const entity = amp > start && cut - amp < 5 ? /^&(?:lt|amp);/.exec(line.slice(amp, amp + 5)) : null;
  return entity && amp + entity[0].length > cut ? amp : cut;
}

/** Cuts a line into pieces of at most `budget` bytes, preferring a space in the second half, never inside a character. */
function cutLine(line: string, budget: number, into: Piece[]): void {
  const bytes = jsonByteLength(line);
  if (bytes <= budget) {
    into.push({ text: line, glued: false, bytes });
    return;
  }
  let start = 0;
  while (start < line.length) {
    let used = 0;
    let end = start;
    let space = -1;
    while (end < line.length) {
      const cp = line.codePointAt(end) as number;
      const cost = codePointBytes(cp);
      if (used + cost > budget && end > start) {
        break;
      }
      used += cost;
      end += cp > 0xffff ? 2 : 1;
      if (cp === 0x20) {
        space = end;
      }
    }
    const cut = outsideEntity(line, start, end < line.length && space > start + (end - start) / 2 ? space : end);
    const text = line.slice(start, cut);
    into.push({ text, glued: start > 0, bytes: cut === end ? used : jsonByteLength(text) });
    start = cut;
  }
}

/**
 * Splits text into parts whose JSON-escaped size is at most `maxBytes` each. Cuts prefer a blank line
 * (paragraph), then a line end, and fall back to cutting a line between characters. A code fence open at
 * a cut is closed at the end of the part and reopened at the start of the next, so every part renders.
 */
export function splitText(text: string, maxBytes: number): string[] {
  return splitParts(text, maxBytes, false);
}

/**
 * Parts of at most maxBytes (JSON-escaped UTF-8 bytes, as jsonByteLength counts) each, cut preferably
 * before a heading, then at a paragraph, never leaving a code fence unbalanced in a part.
 */
export function splitMarkdown(text: string, maxBytes: number): string[] {
  return splitParts(text, maxBytes, true);
}

/**
 * The one splitter of text and markdown. A heading cut (when `headings`) is taken when the part keeps at
 * least a third of the room, a paragraph cut when it keeps half; otherwise the part is filled and cut at a
 * line (a line longer than a third of the room is cut between characters). A fence open at a cut is closed
 * at the end of the part and reopened, with its language, at the start of the next.
 */
function splitParts(text: string, maxBytes: number, headings: boolean): string[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (jsonByteLength(normalized) <= maxBytes) {
    return [normalized];
  }
  if (maxBytes < 64) {
    throw new RangeError(`maxBytes ${maxBytes} is too small to split into`);
  }
  // A third each for a reopened fence, one piece and the fence's closer: a part always has room for all three.
  const pieces: Piece[] = [];
  for (const line of normalized.split('\n')) {
    cutLine(line, Math.floor(maxBytes / 3) - 2, pieces);
  }
  const count = pieces.length;
  /** The fence open before each piece (index `count`: at the end). */
  const fenceBefore: (Fence | undefined)[] = new Array(count + 1);
  let fence: Fence | undefined;
  for (let i = 0; i < count; i += 1) {
    fenceBefore[i] = fence;
    fence = pieces[i].glued ? fence : nextFence(fence, pieces[i].text);
  }
  fenceBefore[count] = fence;
  const isBlank = (i: number): boolean => !pieces[i].glued && !fenceBefore[i] && pieces[i].text.trim() === '';

  const parts: string[] = [];
  let i = 0;
  while (i < count) {
    while (i < count && isBlank(i)) {
      i += 1;
    }
    if (i >= count) {
      break;
    }
    const start = i;
    const reopened = fenceBefore[start];
    // A fence reopened at the top of a part has no list around it there: it starts at the margin.
    const closer = (open: Fence): string => (open === reopened ? open.prefix.trimStart() : open.prefix) + open.marker;
    const lines: string[] = reopened ? [reopened.opener.trimStart()] : [];
    let used = reopened ? jsonByteLength(lines[0]) : 0;
    let heading: { at: number; used: number } | undefined;
    let paragraph: { at: number; used: number } | undefined;
    while (i < count) {
      const piece = pieces[i];
      const joins = piece.glued && i > start;
      const cost = piece.bytes + (lines.length > 0 && !joins ? NEWLINE : 0);
      const open = fenceBefore[i + 1];
      const closing = open ? NEWLINE + jsonByteLength(closer(open)) : 0;
      if (used + cost + closing > maxBytes && i > start) {
        break;
      }
      if (joins) {
        lines[lines.length - 1] += piece.text;
      } else {
        lines.push(piece.text);
      }
      used += cost;
      i += 1;
      if (i < count && !pieces[i].glued && !fenceBefore[i]) {
        if (headings && HEADING.test(pieces[i].text)) {
          heading = { at: i, used };
        } else if (isBlank(i - 1)) {
          paragraph = { at: i, used };
        }
      }
    }
    if (i < count) {
      const cut = heading && heading.used >= maxBytes / 3 ? heading : paragraph && paragraph.used >= maxBytes / 2 ? paragraph : undefined;
      if (cut) {
        lines.length -= countLines(pieces, cut.at, i);
        i = cut.at;
      }
    }
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
      lines.pop();
    }
    // A fence open at the cut is closed here; so is one the document never closed, which ran to its end anyway.
    const open = fenceBefore[i];
    if (open) {
      lines.push(closer(open));
    }
    if (lines.length > 0) {
      parts.push(lines.join('\n'));
    }
  }
  return parts;
}

/** How many lines the pieces from `from` to `to` added to a part (glued pieces add none). */
function countLines(pieces: readonly Piece[], from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i += 1) {
    if (!pieces[i].glued) {
      lines += 1;
    }
  }
  return lines;
}
