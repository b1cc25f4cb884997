import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths';

/** main before this session's renderer speed work (bands and PNG indexing had landed; the SVG, fonts and PNG changes had not). */
export const BEFORE_COMMIT = '24071dd';

/**
 * The snippet image renderer as it was at BEFORE_COMMIT, bundled as esbuild.js bundles it now
 * (minified, node18, the same node_modules), so this run can time it beside today's: figures from a
 * shared machine compare only within one run. Undefined when the history is not there (a tarball).
 */
export async function buildRendererBefore(): Promise<{ bundle: string; dispose(): void } | undefined> {
  const folder = mkdtempSync(join(tmpdir(), 'dingtalk-sender-renderer-before-'));
  const dispose = (): void => rmSync(folder, { recursive: true, force: true });
  try {
    const archive = execFileSync('git', ['archive', '--format=tar', BEFORE_COMMIT, 'src'], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', folder], { input: archive });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    const bundle = join(folder, 'snippetImage.js');
    await esbuild.build({
      entryPoints: [join(folder, 'src/core/snippetImage/index.ts')],
      outfile: bundle,
      bundle: true,
      format: 'cjs',
      minify: true,
      platform: 'node',
      target: 'node18',
      nodePaths: [join(repoRoot, 'node_modules')],
      logLevel: 'silent',
    });
    return { bundle, dispose };
  } catch {
    dispose();
    return undefined;
  }
}
