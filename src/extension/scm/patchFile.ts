import type { ChangeSet, FileChange } from './changeSet';

/** A change as a unified diff `git apply` takes, to attach as a `.patch` file. */
export interface PatchFile {
  /** `widgets-1a2b3c4.patch`: letters (any script), digits, `.`, `-` and `_` only. */
  name: string;
  text: string;
  /** Files the patch cannot carry (binary, too large to read): its preamble names them. */
  left: string[];
}

/** A path as git writes it in a patch header: C-quoted when it holds a quote, a backslash or a control character. */
function quoted(prefix: string, path: string): string {
  const full = `${prefix}${path}`;
  // eslint-disable-next-line no-control-regex -- control characters are what git quotes
  if (!/["\\\x00-\x1f\x7f]/.test(full)) {
    return full;
  }
  const escaped = full.replace(/[\\"]/g, '\\$&').replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));
  // eslint-disable-next-line no-control-regex -- the other control characters, in octal as git writes them
  return `"${escaped.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
}

function carried(file: FileChange): boolean {
  return !file.binary && !file.tooLarge && (file.hunks.length > 0 || file.status === 'renamed' || file.status === 'copied');
}

function fileDiff(file: FileChange): string {
  const oldPath = file.oldPath ?? file.path;
  const lines = [`diff --git ${quoted('a/', oldPath)} ${quoted('b/', file.path)}`];
  if (file.status === 'added') {
    lines.push('new file mode 100644');
  } else if (file.status === 'deleted') {
    lines.push('deleted file mode 100644');
  } else if (file.status === 'renamed' || file.status === 'copied') {
    const verb = file.status === 'renamed' ? 'rename' : 'copy';
    lines.push(`${verb} from ${quoted('', oldPath)}`, `${verb} to ${quoted('', file.path)}`);
  }
  if (file.hunks.length > 0) {
    lines.push(`--- ${file.status === 'added' ? '/dev/null' : quoted('a/', oldPath)}`, `+++ ${file.status === 'deleted' ? '/dev/null' : quoted('b/', file.path)}`);
    for (const hunk of file.hunks) {
      lines.push(hunk.header, ...hunk.lines);
    }
  }
  return lines.join('\n');
}

/** `widgets-1a2b3c4.patch`, `widgets-since-v1.2.patch`, `widgets-changes.patch`: safe as a file name. */
export function patchName(change: ChangeSet): string {
  const scope = change.scope;
  const what = scope.kind === 'commit' ? scope.commit.shortHash : scope.kind === 'range' ? `since-${scope.ref}` : scope.kind === 'staged' ? 'staged' : 'changes';
  return `${`${change.repository.name}-${what}`.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|-+$/g, '') || 'changes'}.patch`;
}

/**
 * The change as one patch: a preamble of `# ` lines that `git apply` skips (`about`, and
 * `leftOut` naming the files it cannot carry), then each text file's diff as the message shows it
 * (3 lines of context, the same redactions), added and deleted files included. Binary and
 * unreadable files are only named.
 */
export function patchFile(change: ChangeSet, about: readonly string[], leftOut: (paths: string[]) => string): PatchFile {
  const left = change.files.filter((file) => !carried(file)).map((file) => file.path);
  const preamble = [...about, ...(left.length > 0 ? [leftOut(left)] : [])].flatMap((line) => line.split('\n')).map((line) => `# ${line}`.trimEnd());
  const diffs = change.files.filter(carried).map(fileDiff);
  return { name: patchName(change), text: `${preamble.join('\n')}\n\n${diffs.join('\n')}\n`, left };
}
