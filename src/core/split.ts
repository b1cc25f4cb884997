/** Bytes a string adds to a JSON body: UTF-8 after JSON escaping. Additive over concatenation. */
export function jsonByteLength(value: string): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8') - 2;
}

interface Fence {
  marker: string;
  opener: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The fence state after `line`, given the state before it. */
function nextFence(open: Fence | undefined, line: string): Fence | undefined {
  const match = FENCE.exec(line);
  if (!match) {
    return open;
  }
  const [, marker, rest] = match;
  if (!open) {
    return marker[0] === '`' && rest.includes('`') ? undefined : { marker, opener: line.trimStart() };
  }
  const closes = marker[0] === open.marker[0] && marker.length >= open.marker.length && !rest.trim();
  return closes ? undefined : open;
}

/** Cuts one over-long line into pieces of at most `budget` bytes, preferring spaces, never inside a character. */
function cutLine(line: string, budget: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (jsonByteLength(rest) > budget) {
    const chars = Array.from(rest);
    let used = 0;
    let end = 0;
    let lastSpace = -1;
    while (end < chars.length) {
      const cost = jsonByteLength(chars[end]);
      if (used + cost > budget) {
        break;
      }
      used += cost;
      if (chars[end] === ' ') {
        lastSpace = end;
      }
      end += 1;
    }
    const cut = lastSpace > end / 2 ? lastSpace + 1 : Math.max(end, 1);
    pieces.push(chars.slice(0, cut).join(''));
    rest = chars.slice(cut).join('');
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Splits text into parts whose JSON-escaped size is at most `maxBytes` each. Cuts prefer a blank line
 * (paragraph), then a line end, and fall back to cutting a line between characters. A code fence open at
 * a cut is closed at the end of the part and reopened at the start of the next, so every part renders.
 */
export function splitText(text: string, maxBytes: number): string[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (jsonByteLength(normalized) <= maxBytes) {
    return [normalized];
  }
  if (maxBytes < 64) {
    throw new RangeError(`maxBytes ${maxBytes} is too small to split into`);
  }
  // A third each for a reopened fence, one line and the fence's closer: a part always has room for all three.
  // Pieces of a cut line are glued back without a newline when they land in the same part.
  const queue = normalized
    .split('\n')
    .flatMap((line) => cutLine(line, Math.floor(maxBytes / 3) - 2).map((text, piece) => ({ text, glued: piece > 0 })));
  const newline = jsonByteLength('\n');
  const parts: string[] = [];
  let fence: Fence | undefined;
  let i = 0;
  while (i < queue.length) {
    const lines: string[] = fence ? [fence.opener] : [];
    let used = fence ? jsonByteLength(fence.opener) : 0;
    let paragraphEnd: { lines: number; next: number } | undefined;
    const start = i;
    while (i < queue.length) {
      const { text: line, glued } = queue[i];
      const after = glued ? fence : nextFence(fence, line);
      const joins = glued && i > start;
      const cost = jsonByteLength(line) + (lines.length > 0 && !joins ? newline : 0);
      const closer = after ? newline + jsonByteLength(after.marker) : 0;
      if (used + cost + closer > maxBytes && i > start) {
        break;
      }
      if (joins) {
        lines[lines.length - 1] += line;
      } else {
        lines.push(line);
      }
      used += cost;
      fence = after;
      i += 1;
      if (!glued && line.trim() === '' && !fence) {
        paragraphEnd = { lines: lines.length, next: i };
      }
    }
    // Prefer the last paragraph break when it keeps at least half of the part.
    if (i < queue.length && paragraphEnd && paragraphEnd.lines >= lines.length / 2 && paragraphEnd.next < i) {
      lines.length = paragraphEnd.lines;
      fence = undefined;
      i = paragraphEnd.next;
    }
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
      lines.pop();
    }
    if (fence && i < queue.length) {
      lines.push(fence.marker);
    }
    if (lines.length > 0) {
      parts.push(lines.join('\n'));
    }
  }
  return parts;
}

/** The keyword to add to a message for a keyword-protected robot, or undefined when the text has one. */
export function missingKeyword(content: string, keywords: string[] | undefined): string | undefined {
  const list = (keywords ?? []).filter((k) => k.trim());
  if (list.length === 0 || list.some((k) => content.includes(k))) {
    return undefined;
  }
  return list[0];
}
