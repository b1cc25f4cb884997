import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../test/support/repo';

/** Found from the repository's own package.json, so it works from out/, out-bench/ or anywhere tsc puts it. */
export { repoRoot };

/** The production bundle `vsce package` ships. */
export const bundlePath = join(repoRoot, 'dist', 'extension.js');

/** The committed results; `--quick` never writes here. */
export const resultsPath = join(repoRoot, 'bench', 'results.md');

/** A compiled script next to this one's folder: `script('upload/child')` → <out>/bench/upload/child.js. */
export function script(relative: string): string {
  return join(__dirname, '..', `${relative}.js`);
}

/** Refuses a development bundle: its size and load time would not be what users get. */
export function checkProductionBundle(): void {
  if (!existsSync(bundlePath)) {
    throw new Error(`${bundlePath} is missing: run \`node esbuild.js --production\` first (npm run bench does).`);
  }
  const tail = readFileSync(bundlePath, 'utf8').slice(-300);
  if (existsSync(`${bundlePath}.map`) || tail.includes('sourceMappingURL')) {
    throw new Error(`${bundlePath} is a development build: run \`node esbuild.js --production\` first (npm run bench does).`);
  }
}
