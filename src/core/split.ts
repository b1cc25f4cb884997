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

function closerOf(fence: Fence): string {
  return fence.marker;
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
  if (jsonByteLength(text) <= maxBytes) {
    return [text];
  }
  // The longest fence marker we may have to add back, with its newline; reserved in every part.
  const reserve = 2 * (jsonByteLength('\n') + 10);
  const budget = maxBytes - reserve;
  if (budget < 64) {
    throw new RangeError(`maxBytes ${maxBytes} is too small to split into`);
  }
  const queue = text.split('\n').flatMap((line) => cutLine(line, budget - reserve));
  const parts: string[] = [];
  let fence: Fence | undefined;
  let i = 0;
  while (i < queue.length) {
    const lines: string[] = fence ? [fence.opener] : [];
    let used = fence ? jsonByteLength(fence.opener) : 0;
    let breakAt = -1;
    let breakFence: Fence | undefined;
    let breakIndex = -1;
    const start = i;
    while (i < queue.length) {
      const cost = jsonByteLength(queue[i]) + (lines.length > 0 ? 2 : 0);
      if (used + cost > budget && i > start) {
        break;
      }
      lines.push(queue[i]);
      used += cost;
      fence = nextFence(fence, queue[i]);
      i += 1;
      if (queue[i - 1].trim() === '' && !fence) {
        breakAt = lines.length;
        breakFence = fence;
        breakIndex = i;
      }
    }
    // Prefer the last paragraph break when it keeps at least half of the part.
    if (i < queue.length && breakAt > 0 && used > 0 && breakAt >= lines.length / 2 && breakIndex < i) {
      lines.length = breakAt;
      fence = breakFence;
      i = breakIndex;
    }
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
      lines.pop();
    }
    if (fence && i < queue.length) {
      lines.push(closerOf(fence));
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
