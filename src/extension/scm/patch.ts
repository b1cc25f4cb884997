import type { FileChange, FileStatus, Hunk } from './changeSet';

/** A file of `git diff --name-status -z`: its status letter and path(s). */
export interface NameStatus {
  status: FileStatus;
  path: string;
  oldPath?: string;
}

const STATUS: Record<string, FileStatus> = { M: 'modified', A: 'added', D: 'deleted', R: 'renamed', C: 'copied', T: 'typeChanged' };

/** Reads `git diff --name-status -z`: `M\0path\0`, and for renames and copies `R086\0old\0new\0`. */
export function parseNameStatus(output: string): NameStatus[] {
  const fields = output.split('\0');
  const files: NameStatus[] = [];
  let i = 0;
  while (i < fields.length && fields[i]) {
    const letter = fields[i][0];
    if (letter === 'R' || letter === 'C') {
      files.push({ status: STATUS[letter], oldPath: fields[i + 1], path: fields[i + 2] });
      i += 3;
    } else {
      // An unmerged path (U) is shown as modified: its diff says the rest.
      files.push({ status: STATUS[letter] ?? 'modified', path: fields[i + 1] });
      i += 2;
    }
  }
  return files;
}

/** The patch of each file of a `git diff` output, in order: each starts with `diff --git `. */
export function splitPatch(patch: string): string[] {
  const chunks: string[][] = [];
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ') || line.startsWith('diff --cc ')) {
      chunks.push([line]);
    } else {
      chunks.at(-1)?.push(line);
    }
  }
  return chunks.map((lines) => lines.join('\n'));
}

const HUNK_HEADER = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/** The hunks of one file's patch, and whether git called it binary. */
export function parseFilePatch(chunk: string): { hunks: Hunk[]; binary: boolean } {
  const hunks: Hunk[] = [];
  let binary = false;
  let hunk: Hunk | undefined;
  for (const line of chunk.split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      hunk = { header: line, oldStart: Number(header[1]), newStart: Number(header[2]), lines: [] };
      hunks.push(hunk);
    } else if (hunk) {
      if (/^[ +\-\\]/.test(line)) {
        hunk.lines.push(line.replace(/\r$/, ''));
      }
    } else if (/^Binary files .* differ$/.test(line) || line === 'GIT binary patch') {
      binary = true;
    }
  }
  return { hunks, binary };
}

/**
 * Each of the hunk's lines with its number in the old and in the new file: both for a context line,
 * `old` for a removed one, `new` for an added one, neither for a `\ No newline` note.
 */
export function numberedLines(hunk: Hunk): Array<{ text: string; old?: number; new?: number }> {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  return hunk.lines.map((text) => {
    if (text.startsWith('-')) {
      return { text, old: oldLine++ };
    }
    if (text.startsWith('+')) {
      return { text, new: newLine++ };
    }
    if (text.startsWith('\\')) {
      return { text };
    }
    return { text, old: oldLine++, new: newLine++ };
  });
}

export function countLines(hunks: readonly Hunk[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) {
        added += 1;
      } else if (line.startsWith('-')) {
        removed += 1;
      }
    }
  }
  return { added, removed };
}

/**
 * The files of a diff from its name-status and its patch, read with the same options so git lists
 * the files in the same order in both.
 */
export function filesOfDiff(nameStatus: string, patch: string): FileChange[] {
  const names = parseNameStatus(nameStatus);
  const chunks = splitPatch(patch);
  return names.map((name, i) => {
    const { hunks, binary } = parseFilePatch(chunks[i] ?? '');
    return { ...name, binary, hunks, ...countLines(hunks) };
  });
}

/** The diff of a file git does not track yet: every line added (binary when it holds a NUL byte). */
export function untrackedFile(path: string, content: Buffer): FileChange {
  if (content.subarray(0, 8000).includes(0)) {
    return { path, status: 'added', untracked: true, binary: true, added: 0, removed: 0, hunks: [] };
  }
  const text = content.toString('utf8');
  if (!text) {
    return { path, status: 'added', untracked: true, binary: false, added: 0, removed: 0, hunks: [] };
  }
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n').map((line) => `+${line.replace(/\r$/, '')}`);
  if (!endsWithNewline) {
    lines.push('\\ No newline at end of file');
  }
  const count = endsWithNewline ? lines.length : lines.length - 1;
  const hunk: Hunk = { header: `@@ -0,0 +1${count === 1 ? '' : `,${count}`} @@`, oldStart: 0, newStart: 1, lines };
  return { path, status: 'added', untracked: true, binary: false, added: count, removed: 0, hunks: [hunk] };
}
