import type { ErrorText } from '../../core';
import { RULES, type SecretRule } from './rules';
import { fileKind, Source } from './source';
import { lineIndex, lineStarts } from '../lineOffsets';

export interface SecretFinding {
  ruleId: string;
  label: ErrorText;
  /** 1-based line of the secret's first character. */
  line: number;
  /** 1-based column of that character, in UTF-16 code units as VS Code counts them. */
  column: number;
  /** Offsets of the secret's value in the text (`end` exclusive); a name it is assigned to is outside. */
  start: number;
  end: number;
  /** The secret's line, trimmed, with every secret on it masked: `const token = "ghp_••••";`. */
  excerpt: string;
}

export interface ScanOptions {
  /** The file the text comes from: its name says whether bare values are literals (`.env`) or expressions (`.ts`). */
  fileName?: string;
}

interface Hit {
  start: number;
  end: number;
  rule: SecretRule;
  priority: number;
}

/** Overlapping hits become one, named by the most specific rule among them. */
function merge(hits: Hit[]): Hit[] {
  const sorted = [...hits].sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const merged: Hit[] = [];
  for (const hit of sorted) {
    const last = merged.at(-1);
    if (last && hit.start < last.end) {
      last.end = Math.max(last.end, hit.end);
      if (hit.priority < last.priority) {
        last.rule = hit.rule;
        last.priority = hit.priority;
      }
    } else {
      merged.push({ ...hit });
    }
  }
  return merged;
}

/** Enough of a secret to recognise it, never enough to use it: a key's header, or 4 characters of a long value. */
export function maskSecret(secret: string): string {
  const header = /^-----BEGIN [A-Z ]+-----/.exec(secret);
  if (header) {
    return `${header[0]}••••`;
  }
  return secret.length >= 16 ? `${secret.slice(0, 4)}••••` : '••••';
}

const EXCERPT_WIDTH = 160;
const EXCERPT_BEFORE = 60;

/**
 * The line of `hits[index]`, with every secret on it masked; a long line (minified code) is cut to a
 * window around the secret, so that a line with thousands of findings costs no more than a short one.
 */
function excerpt(text: string, lineStart: number, hits: Hit[], index: number): string {
  const newline = text.indexOf('\n', lineStart);
  const lineEnd = newline < 0 ? text.length : newline;
  const hit = hits[index];
  const long = lineEnd - lineStart > EXCERPT_WIDTH;
  const from = long ? Math.max(lineStart, hit.start - EXCERPT_BEFORE) : lineStart;
  const to = long ? Math.min(lineEnd, from + EXCERPT_WIDTH) : lineEnd;
  let first = index;
  while (first > 0 && hits[first - 1].end > from) {
    first -= 1;
  }
  let line = '';
  let at = from;
  for (let i = first; i < hits.length && hits[i].start < to; i += 1) {
    line += text.slice(at, Math.max(at, hits[i].start)) + maskSecret(text.slice(hits[i].start, hits[i].end));
    at = Math.max(at, Math.min(hits[i].end, to));
  }
  line += text.slice(at, to);
  return `${from > lineStart ? '…' : ''}${line.replace(/\r$/, '').trim()}${to < lineEnd ? '…' : ''}`;
}

/**
 * Finds likely secrets in text about to leave the machine: private keys, cloud and platform tokens,
 * DingTalk tokens and signing secrets, JWTs, passwords and high-entropy values assigned to
 * secret-sounding names. Placeholders, references, hashes, UUIDs and the like are left alone (see
 * values.ts). Findings are in text order and never overlap.
 */
export function scanForSecrets(text: string, options: ScanOptions = {}): SecretFinding[] {
  const source = new Source(text, fileKind(options.fileName));
  const hits = merge(RULES.flatMap((rule, priority) => rule.detect(source).map((span) => ({ ...span, rule, priority }))));
  const starts = lineStarts(text);
  return hits.map((hit, i) => {
    const line = lineIndex(starts, hit.start);
    return {
      ruleId: hit.rule.id,
      label: hit.rule.label,
      line: line + 1,
      column: hit.start - starts[line] + 1,
      start: hit.start,
      end: hit.end,
      excerpt: excerpt(text, starts[line], hits, i),
    };
  });
}

/**
 * The text with each finding's value replaced by `[REDACTED:<rule id>]`; names, quotes and the rest
 * stay as they were (`PASSWORD=[REDACTED:password]`). Overlapping findings are replaced as one.
 */
export function redactSecrets(text: string, findings: ReadonlyArray<Pick<SecretFinding, 'ruleId' | 'start' | 'end'>>): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const finding of sorted) {
    if (finding.end <= at) {
      continue;
    }
    if (finding.start >= at) {
      out += `${text.slice(at, finding.start)}[REDACTED:${finding.ruleId}]`;
    }
    at = finding.end;
  }
  return out + text.slice(at);
}
