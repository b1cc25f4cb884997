import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { sendChanges, sendChangesSince, sendCommit } from '../../../../src/extension/commands/sendChanges';
import { execGit } from '../../../../src/extension/gitRunner';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { GitSandbox } from '../gitRepos';

const lines = (count: number, label = 'line'): string => Array.from({ length: count }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n';

describe('commands/sendChanges', () => {
  let h: ExtensionHarness;
  let sandbox: GitSandbox;
  let git: GitChanges;

  const markdown = (i = 0): { title: string; text: string } => h.sim.messages[i].body.markdown;

  beforeEach(async () => {
    h = await startExtensionHarness();
    sandbox = new GitSandbox();
    git = new GitChanges(execGit(sandbox.env));
    await h.services.robots.add(h.drafts.plain);
  });
  afterEach(async () => {
    await h.stop();
    sandbox.dispose();
  });

  it('sends a modified file as one markdown message: its name, the counts and the +/- lines of its diff', async () => {
    const dir = sandbox.repository('widgets', { 'src/app.ts': lines(10), 'README.md': 'hi\n' });
    sandbox.write(dir, { 'src/app.ts': lines(10).replace('line 5\n', 'line five\n') });
    await sendChanges(h.services, { folder: dir }, { kind: 'working', options: { paths: ['src/app.ts'] } }, git);
    assert.equal(h.sim.messages.length, 1);
    const { title, text } = markdown();
    assert.equal(title, 'widgets: 1 changed file');
    assert.match(text, /^\*\*widgets\*\* · `main`/);
    assert.match(text, /1 file changed, \+1 -1/);
    assert.match(text, /- `src\/app.ts` · \+1 -1/);
    assert.match(text, /```diff\n@@ -2,7 \+2,7 @@ line 1\n line 2\n/);
    assert.match(text, /\n-line 5\n\+line five\n/);
    assert.doesNotMatch(text, /README/);
    assert.deepEqual(h.ui.messages('info'), ['Sent widgets: 1 changed file to "Plain".']);
  });

  it('sends the staged changes when some are staged, and the message says so', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    sandbox.write(dir, { 'a.txt': 'a2\n', 'b.txt': 'b2\n' });
    sandbox.git(dir, 'add', 'a.txt');
    await sendChanges(h.services, { folder: dir }, { kind: 'working', options: { which: 'auto' } }, git);
    const { text } = markdown();
    assert.match(text, /Staged changes, not committed/);
    assert.match(text, /`a.txt`/);
    assert.doesNotMatch(text, /b\.txt/);
  });

  it('escapes markup in the diff as snippets do, so a literal &lt; in the code survives', async () => {
    const dir = sandbox.repository('web', { 'page.html': '<p>old</p>\n' });
    sandbox.write(dir, { 'page.html': '<p>a &lt; b</p>\n' });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    const { text } = markdown();
    assert.match(text, /\n-&lt;p>old&lt;\/p>\n\+&lt;p>a &amp;lt; b&lt;\/p>\n/);
  });

  it('tells the user when the folder is not in a repository, and sends nothing', async () => {
    const dir = sandbox.folder('plain', { 'a.txt': 'a\n' });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    assert.equal(h.sim.messages.length, 0);
    assert.deepEqual(h.ui.messages('error'), [`${dir} is not in a Git repository.`]);
  });

  it('says there is nothing to send for a clean working tree', async () => {
    const dir = sandbox.repository('clean', { 'a.txt': 'a\n' });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    assert.equal(h.sim.messages.length, 0);
    assert.deepEqual(h.ui.messages('info'), ['clean has no changes to send.']);
  });

  it('asks about a secret on an added line: Send Redacted sends the marker, not the value', async () => {
    h.settings.scanForSecrets = true;
    const dir = sandbox.repository('svc', { 'config.ts': 'export const a = 1;\n' });
    const token = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
    sandbox.write(dir, { 'config.ts': `export const a = 1;\nexport const token = '${token}';\n` });
    h.ui.script({ actions: ['Send Redacted'] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    assert.equal(h.sim.messages.length, 1);
    const { text } = markdown();
    assert.doesNotMatch(text, new RegExp(token));
    assert.match(text, /\[REDACTED:[\w-]+\]/);
  });

  it('does not ask about a secret that the change removes', async () => {
    h.settings.scanForSecrets = true;
    const token = ['ghp', '_', 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2'].join('');
    const dir = sandbox.repository('svc', { 'config.ts': `export const token = '${token}';\n` });
    sandbox.write(dir, { 'config.ts': 'export const token = process.env.TOKEN;\n' });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    assert.equal(h.ui.shown.filter((shown) => shown.kind !== 'info').length, 0);
    assert.equal(h.sim.messages.length, 1);
  });

  it('asks before a change of many messages; "Send the Summary" sends the file list without the diff', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i += 1) {
      files[`f${i}.txt`] = lines(400, `row ${i}`);
    }
    const dir = sandbox.repository('big', files);
    sandbox.write(dir, Object.fromEntries(Object.keys(files).map((name) => [name, lines(400, `new ${name}`)])));
    h.ui.script({ actions: ['Send the Summary'] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    const question = h.ui.shown.find((shown) => shown.kind === 'confirm');
    assert.match(question?.message ?? '', /^big: 12 changed files would take \d+ DingTalk messages\.\n/);
    assert.equal(h.sim.messages.length, 1);
    const { text } = markdown();
    assert.match(text, /12 files changed, \+4800 -4800/);
    assert.match(text, /The diff is not included: it takes \d+ messages\./);
    assert.doesNotMatch(text, /```diff/);
  });

  it('previews the change when the setting asks, and sends nothing on Cancel', async () => {
    h.settings.confirmBeforeSend = 'always';
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    sandbox.write(dir, { 'a.txt': 'b\n' });
    h.ui.script({ previews: [undefined] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    assert.equal(h.ui.previews.length, 1);
    assert.match(h.ui.previews[0].messages[0], /Uncommitted changes/);
    assert.match(h.ui.previews[0].summary, / · Code changes · /);
    assert.equal(h.sim.messages.length, 0);
  });

  it('Send Commit… offers the recent commits by subject, newest first, and sends the chosen one with its hash, author and date', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    const first = sandbox.commit(dir, { 'a.txt': 'a\nb\n' }, '修复解析器', '2026-12-01T09:00:00+08:00');
    sandbox.commit(dir, { 'a.txt': 'a\nb\nc\n' }, 'Add c');
    let offered: string[] = [];
    h.ui.script({
      picks: [
        (labels) => {
          offered = labels;
          return '修复解析器';
        },
      ],
    });
    await sendCommit(h.services, { folder: dir }, git);
    assert.deepEqual(offered, ['Add c', '修复解析器', 'initial']);
    assert.equal(h.sim.messages.length, 1);
    const { title, text } = markdown();
    assert.equal(title, 'widgets: 修复解析器');
    assert.match(text, new RegExp(`\`${first.slice(0, 7)}\` · Test · 2026-12-01 09:00 \\+0800`));
    assert.match(text, /\n a\n\+b\n/);
    assert.match(text, /Local: the commit is not pushed\./);
  });

  it('Send Changes Since… sends the branch against the chosen branch, as a pull request shows it', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    sandbox.git(dir, 'checkout', '-q', '-b', 'feature');
    sandbox.commit(dir, { 'b.txt': 'b\n' }, 'Add b');
    sandbox.commit(dir, { 'a.txt': 'a\nmore\n' }, 'More a');
    h.ui.script({ picks: ['main'] });
    await sendChangesSince(h.services, { folder: dir }, git);
    const { title, text } = markdown();
    assert.equal(title, 'widgets: changes since main');
    assert.match(text, /Changes since `main` \(merge base `[0-9a-f]{7}`\): 2 commits/);
    assert.match(text, /`b.txt` · added/);
    assert.match(text, /\+more\n/);
  });

  it('Send Changes Since… names a ref git does not know', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    h.ui.script({ picks: ['Enter a Commit…'], inputs: ['nope'] });
    await sendChangesSince(h.services, { folder: join(dir) }, git);
    assert.equal(h.sim.messages.length, 0);
    assert.deepEqual(h.ui.messages('error'), ['No branch, tag or commit is named "nope".']);
  });
});
