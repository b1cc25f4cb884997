// What activation loads of the built extension: only dist/extension.js, the rest on first use
// (esbuild.js, src/extension/lazy.ts). Run on the production build with the bench's fake `vscode`.
import * as assert from 'assert';
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { ActivationRun } from '../../bench/activation/child';
import { readRepoJson, repoRoot } from '../support/repo';

const child = path.join(__dirname, '..', '..', 'bench', 'activation', 'child.js');
const bundle = path.join(repoRoot, 'dist', 'extension.js');

/**
 * Source folders whose code activation must not hold: the core (HTTP stack, markdown, uploads), every
 * package in node_modules, the commands and what only they use (secret scanner, review and preview,
 * Source Control and terminal sending, snippet images, the send pipeline).
 */
const firstUseOnly = [
  'node_modules/',
  'src/core/',
  'src/extension/commands/',
  'src/extension/secretScan/',
  'src/extension/review/preview',
  'src/extension/review/reviewSend',
  'src/extension/scm/',
  'src/extension/terminal/',
  'src/extension/snippetImage/',
  'src/extension/send/',
  'src/extension/vscode/registerCommands',
  'src/extension/vscode/previewPanel',
  'src/extension/vscode/scm',
  'src/extension/vscode/terminal.ts',
  'src/extension/vscode/snippet',
];

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

describe('activation of the built extension', function () {
  this.timeout(120_000);
  let run: ActivationRun;
  let activationBundle: { inputs: string[] };

  before(async function () {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-sender-meta-'));
    try {
      const metafile = path.join(folder, 'meta.json');
      execFileSync(process.execPath, ['esbuild.js', '--production', `--metafile=${metafile}`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as Metafile;
      const output = meta.outputs['dist/extension.js'];
      activationBundle = { inputs: Object.keys(output.inputs) };
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    // A fresh process: its require.cache holds only what activating, then one Send Message, loaded.
    const { stdout } = await promisify(execFile)(process.execPath, [child, bundle, 'send'], { cwd: repoRoot });
    run = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ActivationRun;
  });

  it('loads dist/extension.js and none of the bundles loaded on first use', function () {
    assert.deepStrictEqual(run.loaded, ['extension.js']);
  });

  it('bundles into dist/extension.js no code meant for first use', function () {
    assert.ok(activationBundle.inputs.includes('src/extension.ts'), activationBundle.inputs.join(', '));
    assert.deepStrictEqual(
      activationBundle.inputs.filter((input) => firstUseOnly.some((prefix) => input.startsWith(prefix))),
      [],
    );
  });

  it('registers every command the manifest contributes', function () {
    const manifest = readRepoJson<{ contributes: { commands: unknown[] } }>('package.json');
    assert.strictEqual(run.commands, manifest.contributes.commands.length);
  });

  it('loads the command table and the core on the first send, which reaches the wire', function () {
    assert.ok(run.send, 'Send Message did not run');
    assert.deepStrictEqual(run.send.loaded, ['commands.js', 'core.js', 'extension.js']);
  });

  it('says a command table that is missing from the installation is a damaged installation, in its own message, not VS Code\'s command error', async function () {
    const damaged = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-sender-damaged-'));
    try {
      // The built bundles but commands.js, as a broken install or an update cut short leaves them.
      for (const file of ['extension.js', 'core.js']) {
        fs.copyFileSync(path.join(repoRoot, 'dist', file), path.join(damaged, file));
      }
      const failed = await promisify(execFile)(process.execPath, [child, path.join(damaged, 'extension.js'), 'send'], { cwd: repoRoot }).then(
        () => assert.fail('Send Message sent without its command table'),
        (error: { stderr: string }) => error.stderr,
      );
      // The command ended quietly (no rejection for VS Code to show) and showed this one message.
      assert.match(failed, /Send Message sent nothing: DingTalk Sender's installation is damaged: a part of it \(commands\) cannot be loaded\. Reinstall the extension, or reload the window if it was just updated\./);
      assert.doesNotMatch(failed, / \/ /, 'one message');
    } finally {
      fs.rmSync(damaged, { recursive: true, force: true });
    }
  });

  it('names the core, not the command table that imports it, when dist/core.js is cut off', async function () {
    const damaged = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-sender-damaged-core-'));
    try {
      for (const file of ['extension.js', 'commands.js']) {
        fs.copyFileSync(path.join(repoRoot, 'dist', file), path.join(damaged, file));
      }
      const whole = fs.readFileSync(path.join(repoRoot, 'dist', 'core.js'), 'utf8');
      fs.writeFileSync(path.join(damaged, 'core.js'), whole.slice(0, whole.length / 2));
      const failed = await promisify(execFile)(process.execPath, [child, path.join(damaged, 'extension.js'), 'send'], { cwd: repoRoot }).then(
        () => assert.fail('Send Message sent with its core cut off'),
        (error: { stderr: string }) => error.stderr,
      );
      assert.match(failed, /Send Message sent nothing: DingTalk Sender's installation is damaged: a part of it \(core\) cannot be loaded\. Reinstall the extension, or reload the window if it was just updated\./);
      assert.doesNotMatch(failed, / \/ /, 'one message');
    } finally {
      fs.rmSync(damaged, { recursive: true, force: true });
    }
  });

  it('says a snippet image renderer that is cut off is a damaged installation, though the commands bundle loads it, and keeps the image send in the Sent History', async function () {
    const extension = fs.mkdtempSync(path.join(os.tmpdir(), 'dingtalk-sender-damaged-renderer-'));
    try {
      const dist = path.join(extension, 'dist');
      fs.mkdirSync(dist);
      for (const file of ['extension.js', 'commands.js', 'core.js']) {
        fs.copyFileSync(path.join(repoRoot, 'dist', file), path.join(dist, file));
      }
      fs.cpSync(path.join(repoRoot, 'dist', 'snippetImage'), path.join(dist, 'snippetImage'), { recursive: true });
      const whole = fs.readFileSync(path.join(repoRoot, 'dist', 'snippetImage.js'), 'utf8');
      fs.writeFileSync(path.join(dist, 'snippetImage.js'), whole.slice(0, whole.length / 2));
      const entry = { id: 'image-1', time: Date.now() - 60_000, robotId: 'files', robotName: 'Files robot', robotKind: 'webhook', kind: 'selectionImage', summary: 'src/answer.ts:1', size: 26, result: 'failed', error: 'The connection to DingTalk failed.', content: { text: 'export const answer = 42;\n', language: 'typescript', title: 'src/answer.ts:1', tabSize: 2, alsoText: false } };
      const historyFile = path.join(extension, 'history.json');
      fs.writeFileSync(historyFile, JSON.stringify({ version: 1, entries: [entry] }));
      const { stdout } = await promisify(execFile)(process.execPath, [child, path.join(dist, 'extension.js'), 'command', 'dingtalk.history.retry', JSON.stringify({ id: entry.id }), historyFile], { cwd: repoRoot });
      const { command } = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ActivationRun;
      assert.deepStrictEqual(command?.errors, ["DingTalk Sender's installation is damaged: a part of it (snippetImage) cannot be loaded. Reinstall the extension, or reload the window if it was just updated."]);
      const [kept] = (JSON.parse(command?.history ?? '{}') as { entries: Array<typeof entry> }).entries;
      assert.strictEqual(kept.result, 'failed');
      assert.deepStrictEqual(kept.content, entry.content);
      assert.match(kept.error, /the image could not be drawn, as a part of DingTalk Sender \(snippetImage\) cannot be loaded/);
    } finally {
      fs.rmSync(extension, { recursive: true, force: true });
    }
  });
});
