// A damaged snippet image renderer (dist/snippetImage.js cut off, a .wasm file of dist/snippetImage/
// gone) in a temporary extension folder: told as the other bundles are, and an image send keeps its
// content for a Retry that draws and sends it once the files are whole again.
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sendChanges } from '../../../../src/extension/commands/sendChanges';
import { execGit } from '../../../../src/extension/gitRunner';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { GitSandbox } from '../gitRepos';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendSelection } from '../../../../src/extension/commands/sendSelection';
import { sendSelectionAsImage } from '../../../../src/extension/commands/sendSelectionImage';
import { tellDamagedInstalls } from '../../../../src/extension/damagedInstall';
import type { EditorState } from '../../../../src/extension/editorState';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import { isDamagedInstall, onDamagedInstall, RELOAD_AFTER_MS, type DamagedInstallError } from '../../../../src/extension/lazy';
import { snippetImages, type SnippetImages } from '../../../../src/extension/snippetImage/images';
import { rendererBundle } from '../../../../src/extension/snippetImage/rendererBundle';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { repoRoot } from '../../../support/repo';
import { CapturingLogger } from '../../../support/harness';
import { snippetAssets } from '../../../support/snippetImages';
import { MemoryHistoryFile } from '../history/memoryFile';

const CODE = 'export const answer = 42;\n';

const typescriptGrammar = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'tm-grammars', 'grammars', 'typescript.json'), 'utf8')) as object;

const t = (message: string, ...args: Array<string | number>): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

const DAMAGED = /^DingTalk Sender's installation is damaged: a part of it \(snippetImage\) cannot be loaded\. Reinstall the extension, or reload the window if it was just updated\.$/;

/** The compiled renderer (out/src/core/snippetImage), which the built dist/snippetImage.js bundles. */
const compiledRenderer = join(__dirname, '..', '..', '..', '..', 'src', 'core', 'snippetImage', 'index.js');

function editor(): EditorState {
  return {
    document: { fsPath: '/work/project/src/answer.ts', relativePath: 'src/answer.ts', languageId: 'typescript', text: CODE, isDirty: false },
    selections: [{ startLine: 1, endLine: 1, text: CODE }],
    tabSize: 2,
  };
}

/** An installed extension's folder: dist/snippetImage.js and dist/snippetImage/ with its WebAssembly modules and fonts. */
class ExtensionFolder {
  readonly path = mkdtempSync(join(__dirname, 'installed-'));
  private readonly dist = join(this.path, 'dist');

  constructor() {
    mkdirSync(join(this.dist, 'snippetImage', 'fonts'), { recursive: true });
    this.whole();
  }

  /** The bundle and every file beside it, as the build makes them. */
  whole(): void {
    writeFileSync(join(this.dist, 'snippetImage.js'), `module.exports = require(${JSON.stringify(compiledRenderer)});\n`);
    cpSync(snippetAssets.resvgWasm, join(this.dist, 'snippetImage', 'resvg.wasm'));
    cpSync(snippetAssets.onigWasm, join(this.dist, 'snippetImage', 'onig.wasm'));
    for (const font of snippetAssets.fonts) {
      cpSync(font, join(this.dist, 'snippetImage', 'fonts', basename(font)));
    }
  }

  /** The bundle cut off midway, as an update interrupted leaves it. */
  cutOff(): void {
    writeFileSync(join(this.dist, 'snippetImage.js'), 'exports.renderSnippet = async function () { return {');
  }

  /** A WebAssembly module cut off midway: it reads, but does not compile. */
  truncated(file: string): void {
    const path = join(this.dist, 'snippetImage', file);
    writeFileSync(path, readFileSync(path).subarray(0, 4096));
    // The WebAssembly libraries compile once per process, where an earlier test has; a window's first image compiles them.
    const fresh = /[\\/](snippetImage|@resvg|vscode-oniguruma)[\\/]/;
    writeFileSync(
      join(this.dist, 'snippetImage.js'),
      `for (const key of Object.keys(require.cache)) { if (${fresh.toString()}.test(key)) delete require.cache[key]; }\nmodule.exports = require(${JSON.stringify(compiledRenderer)});\n`,
    );
  }

  without(file: string): void {
    rmSync(join(this.dist, 'snippetImage', file));
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** Runs `task` with Date.now `ms` later, past the pause after a failed load (lazy.ts). */
async function later<T>(ms: number, task: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() + ms;
  try {
    return await task();
  } finally {
    Date.now = realNow;
  }
}

describe('a damaged installation: the snippet image renderer', function () {
  // The first image that loads compiles the WebAssembly renderer.
  this.timeout(30_000);
  let folder: ExtensionFolder;
  let told: DamagedInstallError[];
  let listening: { dispose(): void };

  beforeEach(() => {
    folder = new ExtensionFolder();
    told = [];
    listening = onDamagedInstall((error) => told.push(error));
  });
  afterEach(() => {
    listening.dispose();
    folder.remove();
  });

  // With a grammar, so the first image compiles onig.wasm too.
  const images = (log = new CapturingLogger()): SnippetImages => snippetImages({ load: rendererBundle(folder.path), look: async () => ({ grammar: typescriptGrammar }), log });
  const request = { code: CODE, language: 'typescript', header: 'src/answer.ts:1', firstLine: 1, tabSize: 2 };

  for (const [what, damage, cause] of [
    ['cut off', (f: ExtensionFolder) => f.cutOff(), /SyntaxError/],
    ['without its resvg.wasm', (f: ExtensionFolder) => f.without('resvg.wasm'), /ENOENT[^]*resvg\.wasm/],
    ['without its onig.wasm', (f: ExtensionFolder) => f.without('onig.wasm'), /ENOENT[^]*onig\.wasm/],
    ['with its resvg.wasm cut off', (f: ExtensionFolder) => f.truncated('resvg.wasm'), /CompileError/],
    ['with its onig.wasm cut off', (f: ExtensionFolder) => f.truncated('onig.wasm'), /CompileError/],
  ] as const) {
    it(`a renderer bundle ${what} is a damaged installation, told once with its cause, and draws once it is whole again`, async () => {
      damage(folder);
      const renderer = images();
      const error = await renderer.render(request).then(
        () => assert.fail('drawn'),
        (failure: unknown) => failure,
      );
      assert.ok(isDamagedInstall(error), String(error));
      assert.equal(error.bundle, 'snippetImage');
      assert.match(error.stack ?? '', cause);
      assert.deepEqual(told, [error]);

      folder.whole();
      const image = await later(RELOAD_AFTER_MS, () => renderer.render(request));
      assert.deepEqual([...image.png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
      assert.deepEqual(image.warnings.map((w) => w.code).filter((code) => code.startsWith('grammar')), [], 'highlighted');
      assert.equal(told.length, 1);
    });
  }

  describe('sends with the renderer damaged', () => {
    let h: ExtensionHarness;
    let services: HistoryServices;
    let telling: { dispose(): void };

    beforeEach(async () => {
      h = await startExtensionHarness();
      services = Object.assign(h.services, { history: new SendHistory(new MemoryHistoryFile(), h.log), snippetImages: images(h.log) });
      telling = tellDamagedInstalls(h.ui, t, h.log, () => undefined);
    });
    afterEach(async () => {
      telling.dispose();
      await h.stop();
    });

    it('tells the damaged installation (one message, with Show Log), keeps the send in the Sent History, and its Retry sends the image once the bundle is whole', async () => {
      await services.robots.add(h.drafts.withFiles);
      folder.cutOff();
      await sendSelectionAsImage(services, editor());
      assert.equal(h.sim.uploads.length + h.sim.messages.length, 0, 'nothing sent');
      assert.deepEqual(
        h.ui.shown.map((s) => [s.kind, s.message, s.actions]),
        [['error', h.ui.shown[0]?.message, ['Show Log']]],
      );
      assert.match(h.ui.shown[0].message, DAMAGED);
      const [entry] = services.history.entries();
      assert.equal(entry?.result, 'failed');
      assert.equal(entry.kind, 'selectionImage');
      assert.deepEqual(entry.content && 'text' in entry.content ? [entry.content.text, entry.content.language, entry.content.title] : [], [CODE, 'typescript', 'src/answer.ts:1']);
      assert.match(entry.error ?? '', /the image could not be drawn, as a part of DingTalk Sender \(snippetImage\) cannot be loaded/);
      assert.deepEqual(h.services.unsent.get(), { text: CODE, language: 'typescript', robotId: entry.robotId });

      folder.whole();
      await later(RELOAD_AFTER_MS, () => retryFromHistory(services, entry.id));
      assert.equal(h.sim.uploads.length, 1);
      assert.equal(h.sim.uploads[0].type, 'image');
      assert.equal(h.sim.messages.length, 1);
      assert.deepEqual(
        services.history.entries().map((e) => [e.id, e.result]),
        [[entry.id, 'sent']],
      );
    });

    it('still sends a selection as text with the renderer damaged', async () => {
      await services.robots.add(h.drafts.withFiles);
      folder.cutOff();
      await sendSelection(services, editor());
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].type, 'markdown');
      assert.match(h.sim.messages[0].body.markdown.text, /export const answer = 42;/);
      assert.deepEqual(told, []);
    });

    it('sends a change as text when its diffs cannot be drawn, with the one damaged-installation message', async () => {
      await services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'image';
      const sandbox = new GitSandbox();
      try {
        const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
        sandbox.write(dir, { 'a.txt': 'b\n' });
        folder.cutOff();
        await sendChanges(services, { folder: dir }, { kind: 'working' }, new GitChanges(execGit(sandbox.env)));
      } finally {
        sandbox.dispose();
      }
      assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown']);
      assert.match(h.sim.messages[0].body.markdown.text, /```diff\n@@ -1 \+1 @@\n-a\n\+b\n```/);
      assert.equal(h.sim.uploads.length, 0);
      assert.deepEqual(
        h.ui.shown.filter((s) => s.kind !== 'info').map((s) => s.message),
        [h.ui.shown.find((s) => s.kind === 'error')?.message],
      );
      assert.match(h.ui.messages('error')[0] ?? '', DAMAGED);
    });
  });
});
