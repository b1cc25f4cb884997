import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';

/** A 1×1 PNG, so image uploads carry a real image signature. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A temporary folder that `dispose()` removes with everything in it. */
export interface Scratch {
  dir: string;
  path(name: string): string;
  /** Writes `size` random bytes (incompressible, like a real PDF or zip) in 1 MB chunks. */
  randomFile(name: string, size: number): Promise<string>;
  file(name: string, content: string | Buffer): Promise<string>;
  dispose(): Promise<void>;
}

export async function scratch(): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), 'dingtalk-bench-'));
  const path = (name: string): string => join(dir, name);
  return {
    dir,
    path,
    async randomFile(name, size) {
      const out = createWriteStream(path(name));
      for (let left = size; left > 0; left -= 1024 * 1024) {
        if (!out.write(randomBytes(Math.min(left, 1024 * 1024)))) {
          await once(out, 'drain');
        }
      }
      out.end();
      await once(out, 'close');
      return path(name);
    },
    async file(name, content) {
      await writeFile(path(name), content);
      return path(name);
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
