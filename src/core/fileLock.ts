import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A lock held this long without its holder touching it (proper-lockfile refreshes it every half of
 * this) is taken as left by a crashed process. The lock is only held for a read and a write.
 */
const STALE_MS = 10_000;

/** Waits for the lock a little over STALE_MS in all, so a crashed holder's lock is taken over, not failed on. */
const RETRIES = { retries: 120, factor: 1.2, minTimeout: 2, maxTimeout: 100, randomize: true };

/**
 * Runs `task` while no other process (and no other caller here) holds the lock of `file`: a folder
 * `file.lock` beside it, made with mkdir, which is atomic on local and network file systems alike.
 * The file itself need not exist.
 */
export function withFileLock<T>(file: string, task: () => Promise<T>): Promise<T> {
  // Callers in this process take turns before trying the lock, instead of spinning on it.
  const turn = (queues.get(file) ?? Promise.resolve()).then(() => lockAndRun(file, task));
  const settled = turn.then(
    () => undefined,
    () => undefined,
  );
  queues.set(file, settled);
  void settled.then(() => queues.get(file) === settled && queues.delete(file));
  return turn;
}

const queues = new Map<string, Promise<void>>();

async function lockAndRun<T>(file: string, task: () => Promise<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true });
  // Loaded on the first send, not at activation (it brings graceful-fs, which patches fs.close).
  const { lock } = await import('proper-lockfile');
  const release = await lock(file, {
    realpath: false,
    stale: STALE_MS,
    retries: RETRIES,
    // The default throws from a timer, which would take the whole extension host down; a lock lost
    // to a stalled disk costs at most one overlapping write, which the task's re-read tolerates.
    onCompromised: () => undefined,
  });
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Replaces `file` in one step: a reader sees the old text or the new, never half of one. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
