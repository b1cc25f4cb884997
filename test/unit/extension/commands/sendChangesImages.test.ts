import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sendChanges } from '../../../../src/extension/commands/sendChanges';
import { execGit } from '../../../../src/extension/gitRunner';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import type { Services } from '../../../../src/extension/services';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { repoRoot } from '../../../support/repo';
import { recordingSnippetImages } from '../../../support/snippetImages';
import { GitSandbox } from '../gitRepos';
import { pixelsOf } from '../../../support/pixels';

const modules = join(repoRoot, 'node_modules');
/** VS Code's diff grammar and its Dark+ theme, whose inserted and deleted colors the added and removed lines take. */
const diffGrammar = JSON.parse(readFileSync(join(modules, 'tm-grammars/grammars/diff.json'), 'utf8')) as object;
const darkPlus = JSON.parse(readFileSync(join(modules, 'tm-themes/themes/dark-plus.json'), 'utf8')) as object;
const INSERTED: [number, number, number] = [0xb5, 0xce, 0xa8];
const DELETED: [number, number, number] = [0xce, 0x91, 0x78];

/** Send Changes with `dingtalk.snippetFormat: image`: the summary as text, then each file's diff drawn by the real renderer. */
describe('commands/sendChanges: diffs as images', function () {
  // The first image loads the WebAssembly renderer and the fonts.
  this.timeout(30_000);
  let h: ExtensionHarness;
  let sandbox: GitSandbox;
  let git: GitChanges;
  let services: Services;
  let images: ReturnType<typeof recordingSnippetImages>;

  beforeEach(async () => {
    h = await startExtensionHarness();
    sandbox = new GitSandbox();
    git = new GitChanges(execGit(sandbox.env));
    h.settings.snippetFormat = 'image';
    images = recordingSnippetImages(h.log, async (language) => (language === 'diff' ? { grammar: diffGrammar, theme: darkPlus } : {}));
    services = { ...h.services, snippetImages: images };
  });
  afterEach(async () => {
    await h.stop();
    sandbox.dispose();
  });

  it('sends the summary, then each file\'s diff as a picture with added lines in the theme\'s inserted color and removed ones in its deleted color', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const dir = sandbox.repository('widgets', { 'src/app.ts': 'const a = 1;\nconst b = 2;\nconst c = 3;\n', 'notes.txt': 'one\n' });
    sandbox.write(dir, { 'src/app.ts': 'const a = 1;\nconst b = 20;\nconst c = 3;\n', 'notes.txt': 'one\ntwo\nthree\n' });
    await sendChanges(services, { folder: dir }, { kind: 'working' }, git);

    assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown', 'markdown', 'markdown']);
    const [summary, first, second] = h.sim.messages.map((message) => message.body.markdown as { title: string; text: string });
    assert.match(summary.text, /2 files changed, \+3 -1/);
    assert.match(summary.text, /\n\nThe diff of each file follows as an image\.$/);
    assert.doesNotMatch(summary.text, /```diff/);
    assert.deepEqual(h.sim.uploads.map((upload) => [upload.type, upload.filename]), [['image', 'notes.txt.diff.png'], ['image', 'app.ts.diff.png']]);
    assert.equal(first.text, `#### notes.txt +2 -0\n\n![notes.txt +2 -0](${h.sim.uploads[0].mediaId})`);
    assert.equal(second.text, `#### src/app.ts +1 -1\n\n![src/app.ts +1 -1](${h.sim.uploads[1].mediaId})`);

    // In the gutter, the file's line numbers (old and new), not the picture's.
    assert.deepEqual(
      images.requests.map((request) => request.lineLabels),
      [
        [undefined, '1 1', '  2', '  3'],
        [undefined, '1 1', '2  ', '  2', '3 3'],
      ],
    );
    const [added, modified] = h.sim.uploads.map((upload) => upload.bytes ?? Buffer.alloc(0));
    assert.ok(pixelsOf(modified, INSERTED) > 20, 'the added line is drawn in the inserted color');
    assert.ok(pixelsOf(modified, DELETED) > 20, 'the removed line is drawn in the deleted color');
    assert.ok(pixelsOf(added, INSERTED) > 40, 'two added lines');
    assert.equal(pixelsOf(added, DELETED), 0, 'nothing removed, nothing in the deleted color');
    assert.deepEqual(h.ui.messages('info'), ['Sent widgets: 2 changed files to "Files" in 3 parts.']);
  });

  it('an app robot gets sampleImageMsg for each diff, and a robot that cannot upload gets the diffs as text, saying why', async () => {
    await h.services.robots.add(h.drafts.plain);
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    sandbox.write(dir, { 'a.txt': 'b\n' });
    await sendChanges(services, { folder: dir }, { kind: 'working' }, git);
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown']);
    assert.match(h.sim.messages[0].body.markdown.text, /```diff\n@@ -1 \+1 @@\n-a\n\+b\n```/);
    assert.equal(h.ui.messages('info')[0], '"Plain" cannot upload images (it needs an AppKey and AppSecret), so the diffs go as text.');

    await h.services.robots.add(h.drafts.app);
    h.settings.defaultRobot = 'App';
    await sendChanges(services, { folder: dir }, { kind: 'working' }, git);
    assert.deepEqual(h.sim.messages.slice(1).map((message) => message.type), ['sampleMarkdown', 'sampleImageMsg']);
    assert.deepEqual(h.sim.messages[2].body, { photoURL: h.sim.uploads[0].mediaId });
  });

  it('over 5 messages, the summary and the patch file are offered as for text diffs, and no picture is sent then', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`src/f${i}.ts`, `export const v${i} = ${i};\n`]));
    const dir = sandbox.repository('widgets', files);
    sandbox.write(dir, Object.fromEntries(Object.keys(files).map((path, i) => [path, `export const v${i} = ${(i + 1) * 10};\n`])));
    h.ui.script({ actions: ['Send the Summary and the Patch File'] });
    await sendChanges(services, { folder: dir }, { kind: 'working' }, git);
    const question = h.ui.shown.find((shown) => shown.kind === 'confirm');
    assert.deepEqual(question?.actions, ['Send the Summary', 'Send the Summary and the Patch File', 'Send the Summary and 6 Images']);
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown', 'file']);
    assert.equal(h.sim.uploads.length, 1);
    assert.equal(h.sim.uploads[0].type, 'file');
    assert.match(h.sim.messages[0].body.markdown.text, /The whole diff is in the file widgets-changes\.patch\.zip, sent next\.$/);
  });

  it('a diff too long to draw sends the whole change as text, with a warning', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const long = (label: string) => Array.from({ length: 400 }, (_, i) => `${label} ${i}`).join('\n') + '\n';
    const dir = sandbox.repository('widgets', { 'big.txt': long('old') });
    sandbox.write(dir, { 'big.txt': long('new') });
    await sendChanges(services, { folder: dir }, { kind: 'working' }, git);
    assert.match(h.ui.messages('warn')[0], /^The diffs could not be drawn, so they go as text: /);
    assert.equal(h.sim.uploads.length, 0);
    assert.ok(h.sim.messages.every((message) => message.type === 'markdown'));
    assert.match(h.sim.messages[0].body.markdown.text, /```diff\n/);
  });
});
