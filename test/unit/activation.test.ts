// What activation loads of the built extension: only dist/extension.js, the rest on first use
// (esbuild.js, src/extension/lazy.ts). Run on the production build with the bench's fake `vscode`.
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import type { ActivationRun } from '../../bench/activation/child';
import { readRepoJson, repoRoot } from '../support/repo';

const child = path.join(__dirname, '..', '..', 'bench', 'activation', 'child.js');
const bundle = path.join(repoRoot, 'dist', 'extension.js');

describe('activation of the built extension', function () {
  this.timeout(120_000);
  let run: ActivationRun;

  before(async function () {
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    // A fresh process: its require.cache holds only what activating, then one Send Message, loaded.
    const { stdout } = await promisify(execFile)(process.execPath, [child, bundle, 'send'], { cwd: repoRoot });
    run = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ActivationRun;
  });

  it('loads dist/extension.js and none of the bundles loaded on first use', function () {
    assert.deepStrictEqual(run.loaded, ['extension.js']);
  });

  it('registers every command the manifest contributes', function () {
    const manifest = readRepoJson<{ contributes: { commands: unknown[] } }>('package.json');
    assert.strictEqual(run.commands, manifest.contributes.commands.length);
  });

  it('loads the command table and the core on the first send, which reaches the wire', function () {
    assert.ok(run.send, 'Send Message did not run');
    assert.deepStrictEqual(run.send.loaded, ['commands.js', 'core.js', 'extension.js']);
  });
});
