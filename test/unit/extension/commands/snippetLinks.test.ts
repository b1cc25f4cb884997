import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { sendSelection } from '../../../../src/extension/commands/sendSelection';
import { sendSelectionAsImage } from '../../../../src/extension/commands/sendSelectionImage';
import type { EditorState } from '../../../../src/extension/editorState';
import { previewHtml } from '../../../../src/extension/review/previewHtml';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { GitSandbox } from '../gitRepos';

const APP = ['import { run } from "./run";', '', 'export function main(): void {', '  if (ready()) {', '    run();', '  }', '}', ''].join('\n');
const lines = (text: string, from: number, to: number): string => text.split('\n').slice(from - 1, to).join('\n');

/**
 * Send Selection's header links, against real repositories whose remote is a bare repository (its URL
 * then set to a web host's, so the links have a known form) and the simulator.
 */
describe('commands/sendSelection: header links to the remote', function () {
  // The image case loads the WebAssembly renderer.
  this.timeout(30_000);
  let h: ExtensionHarness;
  let sandbox: GitSandbox;

  beforeEach(async () => {
    h = await startExtensionHarness();
    sandbox = new GitSandbox();
  });
  afterEach(async () => {
    await h.stop();
    sandbox.dispose();
  });

  function editor(dir: string, text: string, from: number, to: number, isDirty = false): EditorState {
    const document = { fsPath: join(dir, 'src/app.ts'), relativePath: 'src/app.ts', languageId: 'typescript', text, isDirty };
    return { document, selections: [{ startLine: from, endLine: to, text: lines(text, from, to) }], tabSize: 2 };
  }

  const markdownText = (i = 0): string => h.sim.messages[i].body.markdown.text;

  it('links a pushed file\'s lines on GitHub at the pushed commit, with nothing else changed', async () => {
    await h.services.robots.add(h.drafts.plain);
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'git@github.com:acme/widgets.git');
    const head = sandbox.head(dir);
    await sendSelection(h.services, editor(dir, APP, 4, 6));
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.sim.messages[0].body.markdown, {
      title: 'src/app.ts:4-6',
      text: `**[src/app.ts · lines 4–6](https://github.com/acme/widgets/blob/${head}/src/app.ts#L4-L6)**\n\n\`\`\`ts\nif (ready()) {\n  run();\n}\n\`\`\``,
    });
  });

  it('uses GitLab\'s line form, and links a one-line selection as #L<n> on Gitee', async () => {
    await h.services.robots.add(h.drafts.plain);
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'https://gitlab.com/team/widgets.git');
    const head = sandbox.head(dir);
    await sendSelection(h.services, editor(dir, APP, 3, 7));
    assert.match(markdownText(), new RegExp(`^\\*\\*\\[src/app\\.ts · lines 3–7\\]\\(https://gitlab\\.com/team/widgets/-/blob/${head}/src/app\\.ts#L3-7\\)\\*\\*\n`));
    sandbox.git(dir, 'remote', 'set-url', 'origin', 'git@gitee.com:acme/widgets.git');
    await sendSelection(h.services, editor(dir, APP, 5, 5));
    assert.match(markdownText(1), new RegExp(`^\\*\\*\\[src/app\\.ts · line 5\\]\\(https://gitee\\.com/acme/widgets/blob/${head}/src/app\\.ts#L5\\)\\*\\*\n`));
  });

  it('says "as of" the pushed commit when an unpushed commit changed the lines, and the preview says the group sees the local version', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send'] });
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'https://github.com/acme/widgets.git');
    const pushed = sandbox.head(dir);
    const local = APP.replace('run();', 'run(true);');
    sandbox.commit(dir, { 'src/app.ts': local }, 'not pushed');
    await sendSelection(h.services, editor(dir, local, 4, 6));
    const short = pushed.slice(0, 7);
    assert.match(markdownText(), new RegExp(`^\\*\\*\\[src/app\\.ts · lines 4–6 \\(as of ${short}\\)\\]\\(https://github\\.com/acme/widgets/blob/${pushed}/src/app\\.ts#L4-L6\\)\\*\\*\n`));
    assert.match(markdownText(), /run\(true\);/);
    const [preview] = h.ui.previews;
    assert.match(preview.notes.join('\n'), new RegExp(`differ from the pushed commit ${short}.*the group sees your local version`));
    assert.match(previewHtml(preview, 'n0nce'), /<ul class="notes" role="note"><li>The selected lines differ/);
  });

  it('says "as of" for unsaved edits in the editor, which the file on disk does not have', async () => {
    await h.services.robots.add(h.drafts.plain);
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'https://github.com/acme/widgets.git');
    const pushed = sandbox.head(dir);
    const unsaved = APP.replace('if (ready())', 'if (ready() && !stopped)');
    await sendSelection(h.services, editor(dir, unsaved, 4, 6, true));
    assert.match(markdownText(), new RegExp(`^\\*\\*\\[src/app\\.ts · lines 4–6 \\(as of ${pushed.slice(0, 7)}\\)\\]\\(https://github\\.com/acme/widgets/blob/${pushed}/src/app\\.ts#L4-L6\\)`));
    assert.match(markdownText(), /if \(ready\(\) && !stopped\)/);
  });

  it('links the lines where the pushed commit has them when unpushed lines above moved them', async () => {
    await h.services.robots.add(h.drafts.plain);
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'https://github.com/acme/widgets.git');
    const pushed = sandbox.head(dir);
    const local = `// a comment\n// and another\n${APP}`;
    sandbox.commit(dir, { 'src/app.ts': local }, 'comments on top');
    await sendSelection(h.services, editor(dir, local, 6, 8));
    assert.match(markdownText(), new RegExp(`^\\*\\*\\[src/app\\.ts · lines 6–8\\]\\(https://github\\.com/acme/widgets/blob/${pushed}/src/app\\.ts#L4-L6\\)\\*\\*\n`));
  });

  it('has no link, and the header as before, for an untracked file, no remote, an unknown host, or nothing pushed', async () => {
    await h.services.robots.add(h.drafts.plain);
    const plainHeader = /^\*\*src\/app\.ts\*\* · lines 4–6\n\n```ts\n/;
    const noRemote = sandbox.repository('alone', { 'src/app.ts': APP });
    await sendSelection(h.services, editor(noRemote, APP, 4, 6));

    const unknown = sandbox.repository('unknown', { 'src/app.ts': APP });
    sandbox.publish(unknown, 'https://git.example.com/acme/widgets.git');
    await sendSelection(h.services, editor(unknown, APP, 4, 6));

    const untracked = sandbox.repository('untracked', { 'README.md': '# widgets\n' });
    sandbox.publish(untracked, 'https://github.com/acme/widgets.git');
    sandbox.write(untracked, { 'src/app.ts': APP });
    await sendSelection(h.services, editor(untracked, APP, 4, 6));

    const unpushedBranch = sandbox.repository('unpushed', { 'src/app.ts': APP });
    sandbox.git(unpushedBranch, 'remote', 'add', 'origin', 'https://github.com/acme/widgets.git');
    await sendSelection(h.services, editor(unpushedBranch, APP, 4, 6));

    const outside = sandbox.folder('plain', { 'src/app.ts': APP });
    await sendSelection(h.services, editor(outside, APP, 4, 6));

    assert.equal(h.sim.messages.length, 5);
    h.sim.messages.forEach((message, i) => assert.match(message.body.markdown.text, plainHeader, `message ${i + 1}`));
  });

  it('links the image form\'s header line to the remote, "as of" the pushed commit when edited, and the text that follows it too', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send', 'send'] });
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'https://github.com/acme/widgets.git');
    const pushed = sandbox.head(dir);
    const url = `https://github.com/acme/widgets/blob/${pushed}/src/app.ts#L4-L6`;

    await sendSelectionAsImage(h.services, editor(dir, APP, 4, 6));
    const mediaId = h.sim.uploads[0].mediaId;
    assert.equal(h.sim.messages[0].body.markdown.text, `#### [src/app.ts:4-6](${url})\n\n![src/app.ts:4-6](${mediaId})`);
    assert.ok(!h.ui.previews[0].notes.some((note) => /local version/.test(note)), h.ui.previews[0].notes.join('\n'));

    const unsaved = APP.replace('run();', 'run(now);');
    await sendSelectionAsImage(h.services, editor(dir, unsaved, 4, 6, true), true);
    const [image, text] = h.sim.messages.slice(1).map((message) => message.body.markdown.text as string);
    assert.match(image, new RegExp(`^#### \\[src/app\\.ts:4-6 \\(as of ${pushed.slice(0, 7)}\\)\\]\\(${url.replace(/[.?#]/g, '\\$&')}\\)\n`));
    assert.match(text, new RegExp(`^\\*\\*\\[src/app\\.ts · lines 4–6 \\(as of ${pushed.slice(0, 7)}\\)\\]\\(`));
    assert.match(h.ui.previews[1].notes.join('\n'), /the group sees your local version/);
  });

  it('an app robot\'s image, which shows no header or link, is previewed without the note about the link; with the text after it, the note stays', async () => {
    await h.services.robots.add(h.drafts.app);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send', 'send'] });
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    sandbox.publish(dir, 'https://github.com/acme/widgets.git');
    const unsaved = APP.replace('run();', 'run(now);');

    await sendSelectionAsImage(h.services, editor(dir, unsaved, 4, 6, true));
    assert.equal(h.sim.messages[0].type, 'sampleImageMsg');
    assert.ok(!h.ui.previews[0].notes.some((note) => /local version/.test(note)), h.ui.previews[0].notes.join('\n'));

    await sendSelectionAsImage(h.services, editor(dir, unsaved, 4, 6, true), true);
    assert.match(h.ui.previews[1].notes.join('\n'), /the group sees your local version/);
  });
});
