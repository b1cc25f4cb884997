import * as vscode from 'vscode';
import type { RepositoryTarget } from '../scm/changeRequest';
import { chosenPaths, hasStagedChanges, hintsOf, type GitApi, type GitApiRepository, type GitExtensionExports } from '../scm/gitApi';
import type { WorkingChangesOptions } from '../scm/gitChanges';

/** VS Code's built-in Git extension's API, when it is there and enabled; the commands read git themselves otherwise. */
async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtensionExports>('vscode.git');
  if (!extension) {
    return undefined;
  }
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports.enabled ? exports.getAPI(1) : undefined;
}

function target(folder: string, repository: GitApiRepository | null | undefined): RepositoryTarget {
  return repository ? { folder: repository.rootUri.fsPath, hints: hintsOf(repository) } : { folder };
}

/** A Source Control view item: a changed file (`resourceUri`) or a repository (`rootUri`). */
function uriOf(value: unknown, key: 'resourceUri' | 'rootUri'): vscode.Uri | undefined {
  const uri = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return uri instanceof vscode.Uri ? uri : undefined;
}

/** The folder of the active editor's file, else the first workspace folder: where the palette's commands look for a repository. */
function activeFolder(): string | undefined {
  const document = vscode.window.activeTextEditor?.document;
  const folder = document && document.uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(document.uri) : undefined;
  return (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
}

/** The repository a palette command or the view's title acts on: the clicked one, else the active file's, else the first. */
export async function repositoryTarget(clicked?: unknown): Promise<RepositoryTarget | undefined> {
  const api = await gitApi().catch(() => undefined);
  const root = uriOf(clicked, 'rootUri');
  if (root) {
    return target(root.fsPath, api?.getRepository(root));
  }
  const folder = activeFolder();
  if (!folder) {
    return undefined;
  }
  const repository = api?.getRepository(vscode.Uri.file(folder)) ?? (api?.repositories.length === 1 ? api.repositories[0] : undefined);
  return target(folder, repository);
}

/**
 * What "Send Changes" acts on from the Source Control view: the files chosen (the view hands the
 * clicked one and the rest of the selection as arguments), else the repository's whole change,
 * the staged changes when any are staged.
 */
export async function changesTarget(args: readonly unknown[]): Promise<{ target: RepositoryTarget; options: WorkingChangesOptions } | undefined> {
  const files = args.flat().map((arg) => uriOf(arg, 'resourceUri')).filter((uri): uri is vscode.Uri => uri !== undefined);
  if (files.length === 0) {
    const repo = await repositoryTarget(args[0]);
    return repo && { target: repo, options: { which: 'auto' } };
  }
  const unique = [...new Map(files.map((uri) => [uri.toString(), uri])).values()];
  const api = await gitApi().catch(() => undefined);
  const repository = api?.getRepository(unique[0]);
  if (!repository) {
    // Without the Git extension, git reads absolute paths inside the working tree as pathspecs.
    return { target: { folder: vscode.Uri.joinPath(unique[0], '..').fsPath }, options: { paths: unique.map((uri) => uri.fsPath) } };
  }
  const { indexChanges, workingTreeChanges } = repository.state;
  const paths = chosenPaths(repository, unique, [...indexChanges, ...workingTreeChanges]);
  return { target: target(repository.rootUri.fsPath, repository), options: { paths, which: hasStagedChanges(repository) ? 'auto' : 'all' } };
}
