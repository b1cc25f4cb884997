import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'mocha';
import { repoRoot } from '../../support/repo';
import { Session } from './session';
import { e2eCache } from './tools';

let packaged: string | undefined;

/**
 * The .vsix under test: E2E_VSIX when given, otherwise packaged from this checkout once per run,
 * so the tests always exercise what `npm run package` would ship.
 */
export function vsix(): string {
  if (process.env.E2E_VSIX) {
    return process.env.E2E_VSIX;
  }
  if (!packaged) {
    mkdirSync(e2eCache, { recursive: true });
    const out = join(e2eCache, 'dingtalk-sender-under-test.vsix');
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    packaged = out;
  }
  return packaged;
}

/** mocha root hooks: package once, and after each test keep a failed test's artifacts and stop what it started. */
export const mochaHooks = {
  beforeAll(this: Context): void {
    this.timeout(180_000);
    vsix();
  },
  async afterEach(this: Context): Promise<void> {
    const failed = this.currentTest?.state === 'failed';
    for (const session of Session.openSessions()) {
      if (failed) {
        const dir = await session.saveArtifacts();
        console.log(`      artifacts of the failed test: ${dir}`);
      }
      await session.close();
    }
  },
};
