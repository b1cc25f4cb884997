import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes `content` as `name` in a private temporary folder, runs `use` on its path, and removes
 * the folder whatever happens: what is uploaded from it never stays on disk.
 */
export async function withTemporaryFile<T>(name: string, content: string | Uint8Array, use: (path: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'dingtalk-upload-'));
  try {
    const path = join(folder, name);
    await writeFile(path, content, { mode: 0o600 });
    return await use(path);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
