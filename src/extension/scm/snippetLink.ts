import { basename, dirname } from 'node:path';
import { execGit, type GitRunner } from '../gitRunner';
import { publishedCommit } from '../gitWebLinks';

/** Where a snippet's lines are on the remote. */
export interface SnippetLink {
  /** The lines at the commit: GitHub `…/blob/<sha>/src/app.ts#L3-L9`, GitLab `#L3-9`. */
  url: string;
  commit: string;
  shortCommit: string;
  /** The lines linked to: the snippet's own, or where the same lines are at that commit when edits above moved them. */
  startLine: number;
  endLine: number;
  /** The local lines are not those of the commit (unsaved or unpushed edits): the link says "as of <shortCommit>". */
  differs: boolean;
}

function linesOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.length > 1 && lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

function sameAt(committed: readonly string[], local: readonly string[], start: number): boolean {
  return local.every((line, i) => committed[start + i] === line);
}

/** The 0-based line where `local` is found in `committed`, when it is found exactly once. */
function uniqueMatch(committed: readonly string[], local: readonly string[]): number | undefined {
  let found: number | undefined;
  for (let start = 0; start + local.length <= committed.length; start += 1) {
    if (sameAt(committed, local, start)) {
      if (found !== undefined) {
        return undefined;
      }
      found = start;
    }
  }
  return found;
}

/**
 * The link to lines `startLine`–`endLine` (1-based) of `file` on its repository's web pages, at the
 * newest commit of HEAD's history the remote has (as the markdown sender's links), given the lines'
 * text as the editor has it. When those lines are not there at that commit but appear once
 * elsewhere in it (edits above them), the link goes there; otherwise the link is to the same lines
 * and `differs` says the group sees the local version. No remote, a host of unknown form, a file
 * the commit does not have (untracked, new): undefined.
 */
export async function snippetLink(file: string, startLine: number, endLine: number, text: string, git: GitRunner = execGit()): Promise<SnippetLink | undefined> {
  const where = await git(dirname(file), ['rev-parse', '--show-toplevel', '--show-prefix']);
  const [top, prefix = ''] = where?.split('\n') ?? [];
  if (!top) {
    return undefined;
  }
  const published = await publishedCommit(git, top);
  if (!published) {
    return undefined;
  }
  const path = `${prefix}${basename(file)}`;
  const committedText = await git(top, ['cat-file', 'blob', `${published.commit}:${path}`]);
  if (committedText === undefined) {
    return undefined;
  }
  const committed = linesOf(committedText);
  const local = linesOf(text);
  const exact = local.length === endLine - startLine + 1 && sameAt(committed, local, startLine - 1);
  const moved = exact ? startLine - 1 : uniqueMatch(committed, local);
  const first = moved === undefined ? startLine : moved + 1;
  const last = moved === undefined ? endLine : moved + local.length;
  return {
    url: published.web.lines(published.commit, path, first, last),
    commit: published.commit,
    shortCommit: published.commit.slice(0, 7),
    startLine: first,
    endLine: last,
    differs: moved === undefined,
  };
}
