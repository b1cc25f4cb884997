/**
 * The parts of VS Code's built-in Git extension API (`vscode.git`, `getAPI(1)`) this extension
 * reads, declared here by hand from the API's documented shape. Only what is used is declared, and
 * `Uri` structurally, so nothing here imports `vscode`: the VS Code side hands these objects in.
 */
import { relative, sep } from 'node:path';
import type { CommitSummary, RepositoryHints } from './gitChanges';

export interface GitApiUri {
  readonly scheme: string;
  readonly fsPath: string;
}

export interface GitApiBranch {
  readonly name?: string;
  readonly commit?: string;
  readonly upstream?: { readonly remote: string; readonly name: string };
}

export interface GitApiChange {
  readonly uri: GitApiUri;
  readonly originalUri: GitApiUri;
  readonly renameUri: GitApiUri | undefined;
}

export interface GitApiCommit {
  readonly hash: string;
  readonly message: string;
  readonly parents: string[];
  readonly authorDate?: Date;
  readonly authorName?: string;
}

export interface GitApiRepository {
  readonly rootUri: GitApiUri;
  readonly state: {
    readonly HEAD: GitApiBranch | undefined;
    readonly indexChanges: GitApiChange[];
    readonly workingTreeChanges: GitApiChange[];
  };
  log(options?: { readonly maxEntries?: number }): Promise<GitApiCommit[]>;
}

export interface GitApi {
  readonly repositories: GitApiRepository[];
  getRepository(uri: GitApiUri): GitApiRepository | null;
}

export interface GitExtensionExports {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** What `GitChanges` need not ask git again: the repository's top folder, branch and HEAD. */
export function hintsOf(repository: GitApiRepository): RepositoryHints {
  const head = repository.state.HEAD;
  return { top: repository.rootUri.fsPath, branch: head?.name, head: head?.commit };
}

/** Whether the Source Control view has staged changes: "send the whole change" then sends those. */
export function hasStagedChanges(repository: GitApiRepository): boolean {
  return repository.state.indexChanges.length > 0;
}

/** Repository-relative paths of the files the user chose, both sides of a rename, for `workingChanges({ paths })`. */
export function chosenPaths(repository: GitApiRepository, files: readonly GitApiUri[], changes: readonly GitApiChange[] = []): string[] {
  const top = repository.rootUri.fsPath;
  const toPath = (uri: GitApiUri): string => relative(top, uri.fsPath).split(sep).join('/');
  const chosen = new Set(files.map(toPath));
  for (const change of changes) {
    if (change.renameUri && chosen.has(toPath(change.renameUri))) {
      chosen.add(toPath(change.originalUri));
    }
  }
  return [...chosen].filter((path) => path && !path.startsWith('..'));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2026-12-03 09:13 +0800` in this machine's time zone, as git prints an author date. */
export function formatLocalDate(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())} ${zone}`;
}

/** The Git extension's log entries as the commit pick shows them. */
export function commitSummaries(commits: readonly GitApiCommit[]): CommitSummary[] {
  return commits.map((commit) => {
    const time = commit.authorDate ?? new Date(Number.NaN);
    return {
      hash: commit.hash,
      shortHash: commit.hash.slice(0, 7),
      subject: commit.message.split('\n')[0].trim(),
      authorName: commit.authorName ?? '',
      authorDate: commit.authorDate ? formatLocalDate(time) : '',
      authorTime: time,
    };
  });
}
