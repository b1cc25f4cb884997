import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { execGit, type GitRunner } from '../gitRunner';
import { linkRemote, type LinkRemote } from '../gitWebLinks';
import { parseRemoteUrl } from '../webRepository';
import type { ChangeScope, ChangeSet, CommitInfo, FileChange, Publication, RepositoryInfo } from './changeSet';
import { filesOfDiff, untrackedFile } from './patch';
import { ScmError } from './scmError';

/** A commit for the "Send Commit…" pick. */
export type CommitSummary = Omit<CommitInfo, 'parents'>;

/** A branch, tag or commit to pick for "Send Changes Since…". */
export interface RefChoice {
  kind: 'branch' | 'remoteBranch' | 'tag';
  /** `main`, `origin/main`, `v1.2.0`: what git reads back. */
  name: string;
  shortHash: string;
  subject: string;
}

/** What the VS Code Git extension already knows of a repository, so git is not asked again. */
export interface RepositoryHints {
  top: string;
  branch?: string;
  head?: string;
}

export interface WorkingChangesOptions {
  /** Only these repository-relative paths (both sides of a rename, to see it as one). */
  paths?: readonly string[];
  /** `auto` (the default): the staged changes when any are staged, else all changes. */
  which?: 'auto' | 'staged' | 'all';
}

/** Past this size an untracked file is named, not read: it is a build output or a data dump. */
const MAX_UNTRACKED_BYTES = 1024 * 1024;
/** Commits offered in the pick. */
const RECENT_COMMITS = 50;
const REF_CHOICES = 200;

/** Every git command: no quoted paths, pathspecs as written. */
const GIT = ['-c', 'core.quotePath=false', '--literal-pathspecs'];
/**
 * Every diff: the same order and names in the file list and the patch, whatever the user's diff
 * configuration says (no external diff or textconv program runs; prefixes, context and renames fixed).
 */
const DIFF = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '-M', '--src-prefix=a/', '--dst-prefix=b/'];
const LOG = ['log', '--no-show-signature', '--no-color', '--encoding=UTF-8'];
/** Fields of a commit, NUL-separated; records end with a record separator. */
const COMMIT_FORMAT = '--format=%H%x00%h%x00%P%x00%an%x00%ai%x00%aI%x00%s%x1e';

function firstLine(output: string | undefined): string | undefined {
  const line = output?.split('\n')[0].trim();
  return line ? line : undefined;
}

function parseCommits(output: string): CommitInfo[] {
  return output
    .split('\x1e')
    .map((record) => record.replace(/^\n/, ''))
    .filter(Boolean)
    .map((record) => {
      const [hash, shortHash, parents, authorName, authorDate, iso, subject = ''] = record.split('\0');
      return {
        hash,
        shortHash,
        parents: parents ? parents.split(' ') : [],
        authorName,
        // `2026-12-03 09:13:39 +0800` without its seconds.
        authorDate: authorDate.replace(/^(\S+ \d\d:\d\d):\d\d/, '$1'),
        authorTime: new Date(iso),
        subject,
      };
    });
}

/**
 * Reads working-tree changes, commits and ranges of a repository with read-only git commands, run
 * as the link builder runs them (no shell, no prompt, no lock, fsmonitor off, no external diff
 * program). Errors are `ScmError`s whose reason the commands put in words.
 */
export class GitChanges {
  constructor(private readonly git: GitRunner = execGit()) {}

  /** The repository holding `folder`, or the one the Git extension describes (`hints`). */
  async repository(folder: string, hints?: RepositoryHints): Promise<RepositoryInfo> {
    const top = hints?.top ?? (await this.top(folder));
    const [branch, head, remote] = await Promise.all([
      hints ? hints.branch : this.git(top, [...GIT, 'symbolic-ref', '--quiet', '--short', 'HEAD']).then(firstLine),
      hints?.head ?? this.headCommit(top),
      linkRemote(this.gitWith, top),
    ]);
    const remotePath = remote && parseRemoteUrl(remote.url)?.path;
    return { top, name: remotePath ? basename(remotePath) : basename(top), branch, head };
  }

  /** The working tree's changes: staged ones when any are staged (unless `which` says), else all, untracked files included. */
  async workingChanges(folder: string, options: WorkingChangesOptions = {}, hints?: RepositoryHints): Promise<ChangeSet> {
    const repository = await this.repository(folder, hints);
    const { top } = repository;
    const base = repository.head ?? (await this.emptyTree(top));
    const pathspec = options.paths ? ['--', ...options.paths] : [];
    const which = options.which ?? 'auto';
    const staged = which === 'staged' || (which === 'auto' && !options.paths && (await this.run(top, ['diff', '--cached', '--name-only', '-z', base])) !== '');
    let scope: ChangeScope;
    let files: FileChange[];
    if (staged) {
      scope = { kind: 'staged' };
      files = await this.diff(top, ['--cached', base, ...pathspec]);
    } else {
      scope = options.paths ? { kind: 'files', paths: [...options.paths] } : { kind: 'workingTree' };
      files = [...(await this.diff(top, [base, ...pathspec])), ...(await this.untracked(top, pathspec))];
      files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    return { repository, scope, files };
  }

  /** One commit's changes; a merge commit's against its first parent, as `git show --first-parent` would. */
  async commit(folder: string, ref: string, hints?: RepositoryHints): Promise<ChangeSet> {
    const repository = await this.repository(folder, hints);
    const { top } = repository;
    const hash = await this.resolve(top, ref);
    const [commit] = parseCommits(await this.run(top, [...LOG, '-1', COMMIT_FORMAT, hash, '--']));
    const parent = commit.parents[0] ?? (await this.emptyTree(top));
    const files = await this.diff(top, [parent, hash]);
    const scope: ChangeScope = { kind: 'commit', commit, mergeParent: commit.parents.length > 1 ? commit.parents[0] : undefined };
    return { repository, scope, files, publication: await this.publication(top, hash, (web) => web.commit(hash)) };
  }

  /** The current branch's changes since `ref`: from their merge base to HEAD, as a pull request shows them. */
  async since(folder: string, ref: string, hints?: RepositoryHints): Promise<ChangeSet> {
    const repository = await this.repository(folder, hints);
    const { top, head } = repository;
    if (!head) {
      throw new ScmError('noCommits', top);
    }
    const target = await this.resolve(top, ref);
    const base = firstLine(await this.git(top, [...GIT, 'merge-base', target, head]));
    if (!base) {
      throw new ScmError('noMergeBase', ref);
    }
    const commits = Number(firstLine(await this.run(top, ['rev-list', '--count', `${base}..${head}`])) ?? 0);
    const files = await this.diff(top, [base, head]);
    const scope: ChangeScope = { kind: 'range', ref, base, head, commits };
    return { repository, scope, files, publication: await this.publication(top, head, (web) => web.compare(base, head) ?? web.commit(head)) };
  }

  /** The newest commits of the current branch, for a pick. */
  async recentCommits(folder: string, max = RECENT_COMMITS): Promise<CommitSummary[]> {
    const top = await this.top(folder);
    if (!(await this.headCommit(top))) {
      return [];
    }
    return parseCommits(await this.run(top, [...LOG, `--max-count=${max}`, COMMIT_FORMAT, 'HEAD', '--'])).map(({ parents: _parents, ...summary }) => summary);
  }

  /** Branches, remote branches and tags, the most recently changed first, for a pick. */
  async refs(folder: string, max = REF_CHOICES): Promise<RefChoice[]> {
    const top = await this.top(folder);
    const output = await this.run(top, [
      'for-each-ref',
      '--sort=-creatordate',
      `--count=${max}`,
      '--format=%(refname)%00%(refname:short)%00%(objectname:short)%00%(subject)',
      'refs/heads',
      'refs/remotes',
      'refs/tags',
    ]);
    return output
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\0'))
      .filter(([refname]) => !refname.endsWith('/HEAD'))
      .map(([refname, name, shortHash, subject = '']) => ({
        kind: refname.startsWith('refs/tags/') ? ('tag' as const) : refname.startsWith('refs/remotes/') ? ('remoteBranch' as const) : ('branch' as const),
        name,
        shortHash,
        subject,
      }));
  }

  /**
   * The text of `path` in the change's new version (the working tree, the index for staged
   * changes, the commit), for telling whether a removed secret is still there; undefined when the
   * file is gone or binary.
   */
  async newVersion(change: ChangeSet, path: string): Promise<string | undefined> {
    const { top } = change.repository;
    const scope = change.scope;
    if (scope.kind === 'workingTree' || scope.kind === 'files') {
      const bytes = await readFile(join(top, path)).catch(() => undefined);
      return bytes && !bytes.includes(0) ? bytes.toString('utf8') : undefined;
    }
    const at = scope.kind === 'staged' ? '' : scope.kind === 'commit' ? scope.commit.hash : scope.head;
    const text = await this.git(top, [...GIT, 'cat-file', 'blob', `${at}:${path}`]);
    return text !== undefined && !text.includes('\0') ? text : undefined;
  }

  /** The runner with this reader's global options, for the link builder's helpers. */
  private readonly gitWith: GitRunner = (cwd, args, input) => this.git(cwd, [...GIT, ...args], input);

  /** Runs git, failing with a reason when it does not answer. */
  private async run(top: string, args: readonly string[]): Promise<string> {
    const output = await this.git(top, [...GIT, ...args]);
    if (output === undefined) {
      throw new ScmError('gitFailed', top);
    }
    return output;
  }

  private async top(folder: string): Promise<string> {
    const top = firstLine(await this.git(folder, ['rev-parse', '--show-toplevel']));
    if (top) {
      return top;
    }
    // The runner says only "no answer": git itself tells whether it is there.
    throw new ScmError((await this.git(folder, ['--version'])) === undefined ? 'gitMissing' : 'notARepository', folder);
  }

  private async headCommit(top: string): Promise<string | undefined> {
    return firstLine(await this.git(top, [...GIT, 'rev-parse', '--verify', '--quiet', 'HEAD^{commit}']));
  }

  /** The empty tree of the repository's hash (SHA-1 or SHA-256): the "before" of a first commit. */
  private async emptyTree(top: string): Promise<string> {
    return firstLine(await this.run(top, ['hash-object', '-t', 'tree', '--stdin'])) ?? '';
  }

  /** The commit `ref` names; `--end-of-options` keeps a ref like `-x` from reading as an option. */
  private async resolve(top: string, ref: string): Promise<string> {
    const hash = firstLine(await this.git(top, [...GIT, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]));
    if (!hash) {
      throw new ScmError('unknownRef', ref);
    }
    return hash;
  }

  private async diff(top: string, args: readonly string[]): Promise<FileChange[]> {
    const [nameStatus, patch] = await Promise.all([
      this.run(top, ['diff', ...DIFF, '--name-status', '-z', ...args]),
      this.run(top, ['diff', ...DIFF, '-U3', ...args]),
    ]);
    return filesOfDiff(nameStatus, patch);
  }

  private async untracked(top: string, pathspec: readonly string[]): Promise<FileChange[]> {
    const output = await this.run(top, ['ls-files', '--others', '--exclude-standard', '-z', ...pathspec]);
    const paths = output.split('\0').filter(Boolean);
    return Promise.all(
      paths.map(async (path): Promise<FileChange> => {
        const file = join(top, path);
        const size = (await stat(file).catch(() => undefined))?.size ?? 0;
        if (size > MAX_UNTRACKED_BYTES) {
          return { path, status: 'added', untracked: true, tooLarge: true, binary: false, added: 0, removed: 0, hunks: [] };
        }
        return untrackedFile(path, await readFile(file).catch(() => Buffer.alloc(0)));
      }),
    );
  }

  /** Whether the link remote has `commit` on one of its branches, and the page to show for it. */
  private async publication(top: string, commit: string, page: (web: NonNullable<LinkRemote['web']>) => string | undefined): Promise<Publication> {
    const remote = await linkRemote(this.gitWith, top);
    if (!remote) {
      return { pushed: false };
    }
    const holder = firstLine(await this.git(top, [...GIT, 'for-each-ref', '--count=1', '--contains', commit, '--format=%(refname)', `refs/remotes/${remote.name}/`]));
    if (!holder) {
      return { pushed: false };
    }
    const url = remote.web && page(remote.web);
    return url ? { pushed: true, remote: remote.name, url } : { pushed: true, remote: remote.name };
  }
}
