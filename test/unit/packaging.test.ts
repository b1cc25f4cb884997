// Checks what goes into the .vsix (`vsce ls`) and the manifest habits from design.md.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root: the nearest folder above this file with our package.json and a .vscodeignore
 * (works from test/ and out/test/; tsc may copy package.json into out/, hence the .vscodeignore check).
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifestPath = path.join(dir, 'package.json');
    if (fs.existsSync(manifestPath) && fs.existsSync(path.join(dir, '.vscodeignore'))) {
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { name?: string };
      if (manifest.name === 'dingtalk-sender') {
        return dir;
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no package.json named dingtalk-sender above ${start}`);
    }
  }
}

const root = findRepoRoot(__dirname);

function readJson<T>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(root, relativePath), 'utf8')) as T;
}

/** Runs vsce from node_modules with the current node (no shell, no npx, works on any OS). */
function vsce(...args: string[]): string {
  const vscePackage = readJson<{ bin: Record<string, string> }>('node_modules/@vscode/vsce/package.json');
  const bin = path.join(root, 'node_modules/@vscode/vsce', vscePackage.bin.vsce);
  return execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const required = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'dist/extension.js',
  'media/icon.png',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'l10n/bundle.l10n.zh-cn.json',
];

/** Files that may ship besides the required ones (more pictures, more languages). */
const optional = [/^media\/[^/]+\.png$/, /^package\.nls\.[a-z-]+\.json$/, /^l10n\/bundle\.l10n\.[a-z-]+\.json$/];

const forbidden = [/^src\//, /^test\//, /^out\//, /^node_modules\//, /\.map$/, /\.ts$/, /(^|\/)tsconfig[^/]*$/, /(^|\/)eslint[^/]*$/, /^\.ci\//];

describe('packaging (.vsix contents)', function () {
  this.timeout(60_000);
  let files: string[];

  before(function () {
    // vsce ls only lists files that exist, so build the bundle exactly as `npm run package` ships it.
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    files = vsce('ls', '--no-dependencies')
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/\\/g, '/'))
      .filter((line) => line.length > 0);
  });

  it('contains every required file', function () {
    const missing = required.filter((file) => !files.includes(file));
    assert.deepStrictEqual(missing, [], `missing from the .vsix: ${missing.join(', ')}\nvsce ls:\n${files.join('\n')}`);
  });

  it('contains nothing but the allowed files', function () {
    const unexpected = files.filter((file) => !required.includes(file) && !optional.some((re) => re.test(file)));
    assert.deepStrictEqual(unexpected, [], `unexpected in the .vsix: ${unexpected.join(', ')}`);
  });

  it('contains no sources, tests, build output, maps or configs', function () {
    const bad = files.filter((file) => forbidden.some((re) => re.test(file)));
    assert.deepStrictEqual(bad, []);
  });
});

interface Manifest {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: { commands?: { command: string; title: string; category?: string }[] };
}

describe('manifest (package.json)', function () {
  const manifest = readJson<Manifest>('package.json');
  const nls = readJson<Record<string, string>>('package.nls.json');
  const nlsZh = readJson<Record<string, string>>('package.nls.zh-cn.json');
  const commands = manifest.contributes.commands ?? [];

  it('targets VS Code ^1.90.0 and activates on contributed commands only', function () {
    assert.strictEqual(manifest.engines.vscode, '^1.90.0');
    assert.deepStrictEqual(manifest.activationEvents, []);
    assert.strictEqual(manifest.main, './dist/extension.js');
  });

  it('contributes at least one command', function () {
    assert.ok(commands.length > 0);
  });

  it('puts every command in the "DingTalk" category', function () {
    for (const command of commands) {
      assert.strictEqual(command.category, 'DingTalk', command.command);
    }
  });

  it('localizes every command title through a %key% in both nls files', function () {
    for (const command of commands) {
      const match = /^%([^%]+)%$/.exec(command.title);
      assert.ok(match, `${command.command}: title ${JSON.stringify(command.title)} is not a %key%`);
      const key = match[1];
      assert.ok(nls[key], `${command.command}: "${key}" missing from package.nls.json`);
      assert.ok(nlsZh[key], `${command.command}: "${key}" missing from package.nls.zh-cn.json`);
    }
  });

  it('has the same keys in package.nls.json and package.nls.zh-cn.json', function () {
    assert.deepStrictEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
  });
});
