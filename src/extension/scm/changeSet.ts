/** What a change is made of, as read from git (or from VS Code's Git extension): nothing here runs anything. */

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied' | 'typeChanged';

/** One hunk of a unified diff: its `@@ -a,b +c,d @@` header and its lines, each with its ` `, `+`, `-` or `\` prefix. */
export interface Hunk {
  header: string;
  /** The first line of the hunk in the old and the new version (1-based; 0 for an empty side). */
  oldStart: number;
  newStart: number;
  lines: string[];
}

export interface FileChange {
  /** Repository-relative, `/`-separated; for a deleted file, the path it had. */
  path: string;
  /** The path before a rename or copy. */
  oldPath?: string;
  status: FileStatus;
  /** Binary content: named, never shown. */
  binary: boolean;
  /** Not yet known to git (a new file in the working tree). */
  untracked?: boolean;
  /** An untracked file too large to read: named, never shown. */
  tooLarge?: boolean;
  /** Lines added and removed (0 for binary files). */
  added: number;
  removed: number;
  hunks: Hunk[];
}

export interface CommitInfo {
  hash: string;
  shortHash: string;
  subject: string;
  authorName: string;
  /** When the author made it, as git recorded it: `2026-12-03 09:13 +0800`. */
  authorDate: string;
  /** The same instant, for a relative date ("3 hours ago"). */
  authorTime: Date;
  parents: string[];
}

export interface RepositoryInfo {
  /** The working tree's top folder. */
  top: string;
  /** The repository's name: its remote's, else its folder's. */
  name: string;
  /** The current branch; undefined on a detached HEAD. */
  branch?: string;
  /** HEAD's commit; undefined before the first commit. */
  head?: string;
}

/** What the change covers, as the header and the preview say it. */
export type ChangeScope =
  | { kind: 'staged' }
  | { kind: 'workingTree' }
  /** Chosen files of the working tree, against HEAD (staged and unstaged edits together). */
  | { kind: 'files'; paths: string[] }
  /** One commit; a merge commit against its first parent (`mergeParent`). */
  | { kind: 'commit'; commit: CommitInfo; mergeParent?: string }
  /** The current branch since `ref`: the diff from their merge base to HEAD, as a pull request shows it. */
  | { kind: 'range'; ref: string; base: string; head: string; commits: number };

/** Where the group can see the change on the web, or that it exists only on this machine. */
export type Publication =
  /** `url`: the commit's page, or for a range the comparison (the head commit's page where the host's comparison form is unknown). */
  | { pushed: true; remote: string; url?: string }
  /** Not on the remote (or no remote): the message says the change is local. */
  | { pushed: false };

export interface ChangeSet {
  repository: RepositoryInfo;
  scope: ChangeScope;
  files: FileChange[];
  /** For a commit or a range; working-tree changes are local by nature and have none. */
  publication?: Publication;
}
