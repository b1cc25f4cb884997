import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock, writeFileAtomic } from '../../src/core/fileLock';
import type { HistoryFile } from '../../src/extension/history/store';

/**
 * The Sent History file on disk through Node's fs, locked as the extension's global-storage file
 * is (same lock, same atomic replace): what a process outside VS Code uses to share it.
 */
export class DiskHistoryFile implements HistoryFile {
  constructor(private readonly path: string) {}

  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await writeFileAtomic(this.path, text);
  }

  async backup(text: string): Promise<string> {
    const copy = `${this.path}.bak`;
    await writeFile(copy, text, 'utf8');
    return copy;
  }

  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return withFileLock(this.path, task);
  }
}
