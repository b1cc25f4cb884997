import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo';

/** Where the real-VS Code tier keeps its tools, profiles and failure artifacts (git-ignored). */
export const e2eCache = process.env.E2E_CACHE ?? join(repoRoot, '.cache', 'e2e');

export interface Tools {
  /** Node 24, which code-server 4.139 needs. */
  node: string;
  /** code-server's entry script. */
  codeServer: string;
  chromium: string;
}

/** The tools test/e2e/setup.sh installed. */
export function tools(): Tools {
  const file = join(e2eCache, 'tools.json');
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: run "bash test/e2e/setup.sh" first (npm test does).`);
  }
  const found = JSON.parse(readFileSync(file, 'utf8')) as Tools;
  for (const [name, path] of Object.entries(found)) {
    if (!path || !existsSync(path)) {
      throw new Error(`${name} (${path || 'not found'}) is missing: run "bash test/e2e/setup.sh" again.`);
    }
  }
  return found;
}
