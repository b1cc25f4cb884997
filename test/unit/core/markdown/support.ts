import { join } from 'node:path';
import { convertMarkdown, localImages, type ConvertOptions } from '../../../../src/core/markdown';
import { jsonByteLength } from '../../../../src/core/split';
import { repoRoot } from '../../../support/repo';

export const FIXTURES = join(repoRoot, 'test', 'fixtures', 'markdown');

/**
 * The options every golden fixture is converted with: every local image is uploaded except those whose
 * name contains "missing" (media_id `@lADOfake-<file name>`), and relative links resolve to a web
 * repository at a fixed commit, except `../` links that leave it.
 */
export function goldenOptions(source: string): ConvertOptions {
  const uploaded = localImages(source).filter((image) => !image.src.includes('missing'));
  const mediaId = (src: string): string => `@lADOfake-${src.replace(/^.*[\\/]/, '').replace(/\.[a-z]+$/i, '').replace(/[^A-Za-z0-9]+/g, '-')}`;
  return {
    images: new Map(uploaded.map((image) => [image.src, mediaId(image.src)])),
    resolveLink: (href) => (href.startsWith('../') ? undefined : `https://git.example.com/acme/widget/blob/4f2c9e1/${href.replace(/^\.?\//, '')}`),
  };
}

export function goldenText(source: string): string {
  const converted = convertMarkdown(source, goldenOptions(source));
  const unresolved = JSON.stringify(converted.unresolvedImages.map((image) => image.src));
  return `title: ${converted.title ?? '(none)'}\nunresolved: ${unresolved}\n\n${converted.text}\n`;
}

/** Whether every fence in a part is closed: ``` and ~~~ fences, after any indentation or `>` of a quote. */
export function fencesBalanced(part: string): boolean {
  let open: string | undefined;
  for (const line of part.split('\n')) {
    const m = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) {
      continue;
    }
    if (!open) {
      open = m[1][0] === '`' && m[2].includes('`') ? undefined : m[1];
    } else if (m[1][0] === open[0] && m[1].length >= open.length && !m[2].trim()) {
      open = undefined;
    }
  }
  return open === undefined;
}

/** The text outside fenced code and inline code spans, where an HTML tag would be shown or swallowed by DingTalk. */
export function outsideCode(text: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && !m[2].trim()) {
        fence = undefined;
      }
      continue;
    }
    if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
      fence = m[1];
      continue;
    }
    kept.push(line.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, ''));
  }
  return kept.join('\n');
}

/** An HTML tag as DingTalk would take it: `<name …>` or `</name>`, not escaped with a backslash. */
export const HTML_TAG = /(?<!\\)<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/;

export function assertParts(parts: string[], maxBytes: number): void {
  parts.forEach((part, i) => {
    if (jsonByteLength(part) > maxBytes) {
      throw new Error(`part ${i + 1} is ${jsonByteLength(part)} bytes, over ${maxBytes}`);
    }
    if (!fencesBalanced(part)) {
      throw new Error(`part ${i + 1} leaves a code fence open:\n${part.slice(-300)}`);
    }
  });
}

/** A unified diff of two texts by line, with a few lines of context: what a golden mismatch prints. */
export function lineDiff(expected: string, actual: string, context = 3): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Longest common subsequence table, from the end.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; line: string; at: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i], at: i + 1 });
      i += 1;
      j += 1;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push({ kind: '+', line: b[j], at: i + 1 });
      j += 1;
    } else {
      ops.push({ kind: '-', line: a[i], at: i + 1 });
      i += 1;
    }
  }
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter((k) => k >= 0);
  const shown = new Set<number>();
  for (const k of changed) {
    for (let c = Math.max(0, k - context); c <= Math.min(ops.length - 1, k + context); c += 1) {
      shown.add(c);
    }
  }
  const out: string[] = ['--- expected', '+++ actual'];
  let last = -2;
  for (const k of [...shown].sort((x, y) => x - y)) {
    if (k !== last + 1) {
      out.push(`@@ expected line ${ops[k].at} @@`);
    }
    // Trailing spaces are line breaks in DingTalk markdown: show them.
    out.push(`${ops[k].kind} ${ops[k].line.replace(/ +$/, (s) => '·'.repeat(s.length))}`);
    last = k;
  }
  return out.join('\n');
}
