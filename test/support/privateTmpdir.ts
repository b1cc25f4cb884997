import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temporary folder of this test's own, made os.tmpdir() (TMPDIR) until `restore()`: a test that
 * counts or lists what the code under test leaves in the temporary folder sees only its own, not the
 * folders other test runs on the machine make and remove in /tmp meanwhile.
 */
export function privateTmpdir(): { dir: string; restore(): void } {
  const saved = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'dingtalk-test-tmp-'));
  process.env.TMPDIR = dir;
  return {
    dir,
    restore() {
      if (saved === undefined) {
        delete process.env.TMPDIR;
      } else {
        process.env.TMPDIR = saved;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
