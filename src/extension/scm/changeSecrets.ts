import { scanForSecrets, type SecretFinding } from '../secretScan/scan';
import type { ChangeSet, FileChange } from './changeSet';
import { isDiffShown } from './changeMessage';
import { numberedLines } from './patch';

/** A likely secret the message of a change would show. */
export interface ChangeSecret {
  path: string;
  /**
   * `added`: on an added line; `context`: on an unchanged line shown around a change (it is in
   * the new version too); `removed`: on a removed line, and still present in the new version.
   */
  where: 'added' | 'context' | 'removed';
  /** The finding, its `line` being the line in the file (new version; old version for `removed`). */
  finding: SecretFinding;
  /** For a removed secret: the line of the new version that still holds it. */
  stillAt?: number;
  /** Where it sits in the change: hunk, line of the hunk, and its offsets in that line (prefix included); a key block spans lines. */
  spans: Span[];
}

interface Span {
  hunk: number;
  line: number;
  start: number;
  end: number;
}

interface Side {
  text: string;
  lines: Array<{ hunk: number; line: number; fileLine: number; kind: ' ' | '+' | '-' }>;
}

/** The lines of one side of the file's hunks, joined as the scan reads them. */
function side(file: FileChange, which: 'new' | 'old'): Side {
  const lines: Side['lines'] = [];
  const texts: string[] = [];
  file.hunks.forEach((hunk, h) => {
    numberedLines(hunk).forEach(({ text, old, new: current }, l) => {
      const kind = text[0];
      if (kind === ' ' || kind === '+' || kind === '-') {
        const fileLine = which === 'new' ? current : kind === '-' ? old : undefined;
        if (fileLine !== undefined) {
          lines.push({ hunk: h, line: l, fileLine, kind });
          texts.push(text.slice(1));
        }
      }
    });
  });
  return { text: texts.join('\n'), lines };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    starts.push(i + 1);
  }
  return starts;
}

function lineIndex(starts: readonly number[], offset: number): number {
  let index = 0;
  while (index + 1 < starts.length && starts[index + 1] <= offset) {
    index += 1;
  }
  return index;
}

/** The finding's place in the file: its first line, and its span on each line of the change it covers. */
function located(scanned: Side, finding: SecretFinding): { first: Side['lines'][number]; spans: Span[] } {
  const starts = lineStarts(scanned.text);
  const firstIndex = finding.line - 1;
  const lastIndex = lineIndex(starts, Math.max(finding.start, finding.end - 1));
  const spans: Span[] = [];
  for (let i = firstIndex; i <= lastIndex; i += 1) {
    const lineEnd = i + 1 < starts.length ? starts[i + 1] - 1 : scanned.text.length;
    const from = Math.max(finding.start, starts[i]) - starts[i];
    const to = Math.min(finding.end, lineEnd) - starts[i];
    const { hunk, line } = scanned.lines[i];
    // +1: the line's ` `, `+` or `-` prefix.
    spans.push({ hunk, line, start: from + 1, end: to + 1 });
  }
  return { first: scanned.lines[firstIndex], spans };
}

/**
 * The likely secrets in what the message of `change` shows: on its added lines and the unchanged
 * lines shown around them, and on its removed lines when the secret is still in the new version
 * (`newVersion` reads it; a secret gone from it is no longer a secret the message leaks). Files only
 * named in the message (added, deleted, binary) are not scanned: their text is not sent. `scanned`
 * chooses other files: those a patch file carries besides the message's.
 */
export async function scanChange(change: ChangeSet, newVersion: (path: string) => Promise<string | undefined>, scanned: (file: FileChange) => boolean = isDiffShown): Promise<ChangeSecret[]> {
  const secrets: ChangeSecret[] = [];
  for (const file of change.files.filter(scanned)) {
    const shownNew = side(file, 'new');
    for (const finding of scanForSecrets(shownNew.text, { fileName: file.path })) {
      const { first, spans } = located(shownNew, finding);
      secrets.push({ path: file.path, where: first.kind === '+' ? 'added' : 'context', finding: { ...finding, line: first.fileLine }, spans });
    }
    const removed = side(file, 'old');
    const removedFindings = scanForSecrets(removed.text, { fileName: file.oldPath ?? file.path });
    if (removedFindings.length === 0) {
      continue;
    }
    const current = await newVersion(file.path);
    for (const finding of removedFindings) {
      const value = removed.text.slice(finding.start, finding.end);
      const index = current?.indexOf(value) ?? -1;
      if (current === undefined || index < 0) {
        continue;
      }
      const { first, spans } = located(removed, finding);
      const stillAt = current.slice(0, index).split('\n').length;
      secrets.push({ path: file.path, where: 'removed', finding: { ...finding, line: first.fileLine }, stillAt, spans });
    }
  }
  return secrets;
}

/** The change with each secret's value replaced by `[REDACTED:<rule id>]` on the lines the message shows. */
export function redactChange(change: ChangeSet, secrets: readonly ChangeSecret[]): ChangeSet {
  const byPath = new Map<string, Array<Span & { ruleId: string }>>();
  for (const secret of secrets) {
    const spans = secret.spans.map((span) => ({ ...span, ruleId: secret.finding.ruleId }));
    byPath.set(secret.path, [...(byPath.get(secret.path) ?? []), ...spans]);
  }
  const files = change.files.map((file) => {
    const found = byPath.get(file.path);
    if (!found) {
      return file;
    }
    const hunks = file.hunks.map((hunk, h) => ({
      ...hunk,
      lines: hunk.lines.map((text, l) => {
        // From the right, so earlier offsets stay true; overlapping spans are replaced once.
        const here = found.filter((span) => span.hunk === h && span.line === l).sort((a, b) => b.start - a.start);
        let out = text;
        let limit = text.length;
        for (const span of here) {
          const end = Math.min(span.end, limit);
          if (end > span.start) {
            out = `${out.slice(0, span.start)}[REDACTED:${span.ruleId}]${out.slice(end)}`;
            limit = span.start;
          }
        }
        return out;
      }),
    }));
    return { ...file, hunks };
  });
  return { ...change, files };
}
