import type { RepositoryHints, WorkingChangesOptions } from './gitChanges';

/** Which change of a repository to send. */
export type ChangeRequest =
  | { kind: 'working'; options?: WorkingChangesOptions }
  | { kind: 'commit'; ref: string }
  | { kind: 'since'; ref: string };

/** A repository to read from: a folder in it, and what VS Code's Git extension already knows of it. */
export interface RepositoryTarget {
  folder: string;
  hints?: RepositoryHints;
}
