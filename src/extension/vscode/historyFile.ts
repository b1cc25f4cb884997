import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { core } from '../lazy';
import type { HistoryFile } from '../history/store';

/** `history.json` in the extension's global storage, on VS Code's file system API. */
export class GlobalStorageHistoryFile implements HistoryFile {
  private readonly file: vscode.Uri;
  private readonly temporary: vscode.Uri;
  private readonly copy: vscode.Uri;

  constructor(private readonly folder: vscode.Uri) {
    this.file = vscode.Uri.joinPath(folder, 'history.json');
    // A name of this window's own: two windows saving at once must not rename each other's file.
    this.temporary = vscode.Uri.joinPath(folder, `history.json.${randomBytes(4).toString('hex')}.tmp`);
    this.copy = vscode.Uri.joinPath(folder, 'history.json.bak');
  }

  async read(): Promise<string | undefined> {
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(this.file)).toString('utf8');
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
        return undefined;
      }
      throw error;
    }
  }

  /** Writes a temporary file and renames it over the history, so a window closing midway leaves the old file whole. */
  async write(text: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(this.temporary, Buffer.from(text, 'utf8'));
    await vscode.workspace.fs.rename(this.temporary, this.file, { overwrite: true });
  }

  /** Other windows' changes wait on a lock beside the file (global storage is always on disk). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return core().withFileLock(this.file.fsPath, task);
  }

  watch(listener: () => void): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.folder, 'history.json'));
    return vscode.Disposable.from(watcher, watcher.onDidChange(listener), watcher.onDidCreate(listener));
  }

  async backup(text: string): Promise<string> {
    await vscode.workspace.fs.createDirectory(this.folder);
    await vscode.workspace.fs.writeFile(this.copy, Buffer.from(text, 'utf8'));
    return this.copy.fsPath;
  }
}
