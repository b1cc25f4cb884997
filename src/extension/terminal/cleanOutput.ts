/* eslint-disable no-control-regex -- control characters are what this module matches */
/**
 * Terminal output as text a group can read: escape sequences gone, and what a carriage return or a
 * backspace redrew (progress bars, spinners) as the terminal finally showed it.
 */
import { lineIndex, lineStarts } from '../lineOffsets';

/**
 * OSC, DCS, SOS, PM and APC strings (titles, shell integration marks, hyperlinks), ended by BEL or
 * ST. One cut short (a selection ending inside it) ends at the next escape or line, so it cannot
 * swallow the rest of the output.
 */
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?/g;
/** CSI sequences (colors, cursor moves, erasing): ESC [ or the 8-bit CSI, parameters, one final byte. */
const CSI = /(?:\x1b\[|\x9b)([0-?]*)[ -/]*([@-~])/g;
/** Other escapes: charset selection `ESC ( B`, keypad modes `ESC =`, and the like. */
const OTHER_ESCAPE = /\x1b(?:[ -/]+[0-~]|[0-~])?/g;

/** What makes a line need replaying: a carriage return, a backspace, or a CSI that moves the cursor or erases. */
const REDRAW = /[\r\b]|(?:\x1b\[|\x9b)[0-?]*[ -/]*[CDGK]/;
const CONTROLS = /[\x00-\x08\x0a-\x1f\x7f]/g;

/** Replays one line's carriage returns, backspaces and line erasing; other CSI sequences are dropped. */
function replayLine(line: string): string {
  if (!REDRAW.test(line)) {
    return line.replace(CSI, '').replace(OTHER_ESCAPE, '').replace(CONTROLS, '').trimEnd();
  }
  const cells: string[] = [];
  let cursor = 0;
  let at = 0;
  const write = (text: string): void => {
    for (const char of text) {
      cells[cursor] = char;
      cursor += 1;
    }
  };
  for (const match of line.matchAll(CSI)) {
    write(stripControls(line.slice(at, match.index).replace(OTHER_ESCAPE, ''), () => (cursor = 0), () => (cursor = Math.max(0, cursor - 1)), write));
    at = match.index + match[0].length;
    const [, params, final] = match;
    const n = Number.parseInt(params, 10);
    if (final === 'K') {
      // 0 (default): to the end of the line; 1: to the cursor; 2: the whole line.
      if (!params || n === 0) {
        cells.length = Math.min(cells.length, cursor);
      } else if (n === 1) {
        cells.fill(' ', 0, cursor);
      } else if (n === 2) {
        cells.length = 0;
      }
    } else if (final === 'G') {
      cursor = Math.max(0, (Number.isNaN(n) ? 1 : n) - 1);
    } else if (final === 'D') {
      cursor = Math.max(0, cursor - (Number.isNaN(n) ? 1 : n));
    } else if (final === 'C') {
      cursor += Number.isNaN(n) ? 1 : n;
    }
  }
  write(stripControls(line.slice(at).replace(OTHER_ESCAPE, ''), () => (cursor = 0), () => (cursor = Math.max(0, cursor - 1)), write));
  return Array.from(cells, (cell) => cell ?? ' ').join('').trimEnd();
}

/**
 * Writes `text` through `write`, calling `home` for each carriage return and `back` for each
 * backspace between the printable runs; other control characters (bell, NUL…) are dropped. Tabs stay.
 */
function stripControls(text: string, home: () => void, back: () => void, write: (text: string) => void): string {
  let run = '';
  for (const char of text) {
    if (char === '\r' || char === '\b') {
      write(run);
      run = '';
      if (char === '\r') {
        home();
      } else {
        back();
      }
    } else if (char === '\t' || !/[\x00-\x1f\x7f]/.test(char)) {
      run += char;
    }
  }
  return run;
}

/** The text the terminal shows for `output`: no escape sequences, redraws replayed, no trailing spaces. */
export function cleanTerminalOutput(output: string): string {
  const withoutStrings = output.replace(STRING_SEQUENCE, '');
  return withoutStrings
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map(replayLine)
    .join('\n')
    .replace(/^\n+/, '')
    .replace(/\n+$/, '');
}

/** What was cut from long output. */
export interface Cut {
  lines: number;
}

export interface Shortened {
  text: string;
  /** Undefined when nothing was cut. */
  cut?: Cut;
}

/** A part of the text, by its offsets (`end` exclusive). */
export interface Span {
  start: number;
  end: number;
}

export interface ShortenOptions {
  /** Lines kept from the start and from the end. */
  headLines?: number;
  tailLines?: number;
  /**
   * What must not be cut in two (the secrets found in the text), asked only of text long enough to
   * be cut: a part across the end of the head or the start of the tail goes wholly into the lines
   * cut, so no half of one is kept where the secret scan, run on what is kept, cannot see it.
   */
  keepWhole?: (text: string) => readonly Span[];
}

/** The spans as the lines they cover, first and last line included. */
function lineRanges(text: string, spans: readonly Span[]): Array<{ first: number; last: number }> {
  const starts = lineStarts(text);
  return spans.filter((span) => span.end > span.start).map((span) => ({ first: lineIndex(starts, span.start), last: lineIndex(starts, span.end - 1) }));
}

/**
 * Keeps the head and the tail of output longer than both together; between them, the line `note`
 * makes of the number of lines cut.
 */
export function shortenOutput(text: string, note: (cutLines: number) => string, options: ShortenOptions = {}): Shortened {
  const head = options.headLines ?? 40;
  const tail = options.tailLines ?? 80;
  const lines = text.split('\n');
  if (lines.length <= head + tail) {
    return { text };
  }
  // Lines [headEnd, tailStart) are cut; each move only widens the cut, so this ends.
  let headEnd = head;
  let tailStart = lines.length - tail;
  const whole = options.keepWhole ? lineRanges(text, options.keepWhole(text)) : [];
  for (let moved = true; moved; ) {
    moved = false;
    for (const { first, last } of whole) {
      if (first < headEnd && last >= headEnd) {
        headEnd = first;
        moved = true;
      }
      if (first < tailStart && last >= tailStart) {
        tailStart = last + 1;
        moved = true;
      }
    }
  }
  const cut = tailStart - headEnd;
  return { text: [...lines.slice(0, headEnd), note(cut), ...lines.slice(tailStart)].join('\n'), cut: { lines: cut } };
}
