import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resendFromHistory } from '../../../../src/extension/commands/historyResend';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendChanges } from '../../../../src/extension/commands/sendChanges';
import { describeEntry } from '../../../../src/extension/history/describe';
import { SendHistory } from '../../../../src/extension/history/store';
import { execGit } from '../../../../src/extension/gitRunner';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { unzip } from '../../../support/unzip';
import { MemoryHistoryFile } from '../history/memoryFile';
import { GitSandbox } from '../gitRepos';

const lines = (count: number, label: string): string => Array.from({ length: count }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n';
const TOKEN = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');

/** A change too long for 5 messages: a dozen long files rewritten, and a file added, one deleted, one renamed, one binary. */
function bigChange(sandbox: GitSandbox, extra: Record<string, string> = {}): { dir: string; base: string } {
  const files: Record<string, string> = { 'old.txt': 'to be deleted\n', 'moved/from.txt': lines(20, 'kept'), 'logo.bin': '\0\x01\x02' };
  for (let i = 0; i < 12; i += 1) {
    files[`src/f${i}.txt`] = lines(400, `row ${i}`);
  }
  const dir = sandbox.repository('big', files);
  const base = sandbox.head(dir);
  sandbox.write(dir, { ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`src/f${i}.txt`, lines(400, `new ${i}`)])), 'added.txt': 'a new file\n第二行\n', 'logo.bin': '\0\x03', ...extra });
  sandbox.git(dir, 'rm', '-q', 'old.txt');
  sandbox.git(dir, 'mv', 'moved/from.txt', 'moved/to.txt');
  sandbox.git(dir, 'add', '-A');
  return { dir, base };
}

/**
 * Send Changes of a change over 5 messages with "Send the Summary and the Patch File": the summary
 * arrives as markdown, then the patch as a zipped file, which `git apply` takes on the old version.
 */
describe('commands/sendChanges: a large change with its patch as a file', () => {
  let h: ExtensionHarness;
  let sandbox: GitSandbox;
  let git: GitChanges;

  beforeEach(async () => {
    h = await startExtensionHarness();
    sandbox = new GitSandbox();
    git = new GitChanges(execGit(sandbox.env));
  });
  afterEach(async () => {
    await h.stop();
    sandbox.dispose();
  });

  /** The patch the group would download: the upload unzipped. */
  function arrivedPatch(): { name: string; text: string } {
    assert.equal(h.sim.uploads.length, 1);
    const [upload] = h.sim.uploads;
    assert.equal(upload.type, 'file');
    assert.ok(upload.bytes, 'the simulator kept the file');
    const entries = unzip(upload.bytes);
    assert.equal(entries.size, 1);
    const [[name, bytes]] = [...entries];
    return { name, text: bytes.toString('utf8') };
  }

  it('sends the summary, then the whole patch zipped as a file that git apply takes on the old version', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const { dir, base } = bigChange(sandbox);
    h.ui.script({ actions: ['Send the Summary and the Patch File'] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);

    const question = h.ui.shown.find((shown) => shown.kind === 'confirm');
    assert.match(question?.message ?? '', /^big: 16 changed files would take \d+ DingTalk messages\.\n.*The patch file holds the whole diff, for git apply\./s);
    assert.deepEqual(question?.actions, ['Send the Summary', 'Send the Summary and the Patch File', (question?.actions ?? [])[2]]);
    assert.match(question?.actions[2] ?? '', /^Send All \d+ Messages$/);

    assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown', 'file']);
    const summary: string = h.sim.messages[0].body.markdown.text;
    assert.match(summary, /^\*\*big\*\* · `main`\s+\nStaged changes, not committed\n\n16 files changed, /);
    assert.match(summary, /- `moved\/from\.txt` → `moved\/to\.txt` · renamed/);
    assert.match(summary, /\n\nThe whole diff is in the file big-staged\.patch\.zip, sent next\.$/);
    assert.doesNotMatch(summary, /```diff/);
    assert.equal(h.sim.messages[1].body.file.fileName, 'big-staged.patch.zip');
    assert.equal(h.sim.messages[1].body.file.mediaId, h.sim.uploads[0].mediaId);

    const patch = arrivedPatch();
    assert.equal(patch.name, 'big-staged.patch');
    assert.match(patch.text, /^# big: 16 changed files\n# Apply it with: git apply big-staged\.patch\n# Not in this patch \(binary, or too large to read\): logo\.bin\n\ndiff --git /);
    // The group's copy of the old version takes the patch and becomes the new one (the binary file aside).
    const theirs = sandbox.folder('theirs');
    sandbox.git(sandbox.root, 'clone', '-q', dir, theirs);
    sandbox.git(theirs, 'checkout', '-q', base);
    writeFileSync(join(sandbox.root, 'arrived.patch'), patch.text);
    sandbox.git(theirs, 'apply', '--index', join(sandbox.root, 'arrived.patch'));
    for (const path of ['src/f0.txt', 'src/f11.txt', 'added.txt', 'moved/to.txt']) {
      assert.equal(readFileSync(join(theirs, path), 'utf8'), readFileSync(join(dir, path), 'utf8'), path);
    }
    assert.equal(execFileSync('git', ['ls-files', 'old.txt', 'moved/from.txt'], { cwd: theirs, encoding: 'utf8' }), '', 'deleted and renamed away');
    assert.deepEqual(h.ui.messages('info'), ['Sent big: 16 changed files to "Files" in 2 parts. DingTalk does not accept .patch files, so big-staged.patch was sent as big-staged.patch.zip.']);
  });

  it('previews the summary with a note of the patch file to follow', async () => {
    await h.services.robots.add(h.drafts.app);
    h.settings.confirmBeforeSend = 'always';
    const { dir } = bigChange(sandbox);
    h.ui.script({ actions: ['Send the Summary and the Patch File'], previews: ['send'] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    const [preview] = h.ui.previews;
    assert.equal(preview.messages.length, 1);
    assert.match(preview.notes[0] ?? '', /^After this message, the whole diff goes as the file big-staged\.patch\.zip \(\d+\.\d KB\)\.$/);
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['sampleMarkdown', 'sampleFile']);
    assert.equal(arrivedPatch().name, 'big-staged.patch');
  });

  it('scans the files only the patch carries: a secret in an added file is asked about, and Send Redacted redacts it in the patch', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.settings.scanForSecrets = true;
    const { dir } = bigChange(sandbox, { 'config.ts': `export const token = '${TOKEN}';\n` });
    h.ui.script({ actions: ['Send the Summary and the Patch File', 'Send Redacted'] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    const asked = h.ui.shown.filter((shown) => shown.kind !== 'info').map((shown) => shown.message);
    assert.equal(asked.length, 2, asked.join('\n'));
    assert.match(asked[1], /config\.ts|GitHub/);
    const patch = arrivedPatch();
    assert.doesNotMatch(patch.text, new RegExp(TOKEN));
    assert.match(patch.text, /\n\+export const token = '\[REDACTED:[\w-]+\]';\n/);
  });

  it('without upload credentials, offers no patch file and says what it needs', async () => {
    await h.services.robots.add(h.drafts.plain);
    const { dir } = bigChange(sandbox);
    h.ui.script({ actions: ['Send the Summary'] });
    await sendChanges(h.services, { folder: dir }, { kind: 'working' }, git);
    const question = h.ui.shown.find((shown) => shown.kind === 'confirm');
    assert.deepEqual(question?.actions.slice(0, 1), ['Send the Summary']);
    assert.equal(question?.actions.length, 2);
    assert.match(question?.message ?? '', /"Plain" cannot upload files, so the whole diff cannot go as a patch file: that needs an enterprise app robot, or a custom group robot with its AppKey and AppSecret\./);
    assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown']);
    assert.equal(h.sim.uploads.length, 0);
  });
  describe('in the Sent History', () => {
    const notAgain = 'This send carried a patch file or diff images, which the Sent History does not keep: send the changes again from Source Control.';

    it('a summary sent with its patch is not offered for Resend, which would send the summary alone', async () => {
      const history = new SendHistory(new MemoryHistoryFile(), h.log);
      const services = Object.assign(h.services, { history });
      await h.services.robots.add(h.drafts.withFiles);
      const { dir } = bigChange(sandbox);
      h.ui.script({ actions: ['Send the Summary and the Patch File'] });
      await sendChanges(services, { folder: dir }, { kind: 'working' }, git);
      const [entry] = history.entries();
      assert.equal(entry.result, 'sent');
      const view = describeEntry(h.services, entry, h.clock.now());
      assert.doesNotMatch(view.contextValue, /^entry\.sent\.content(\.|$)/, 'no Resend in the menu');
      assert.match(view.contextValue, /\.content(\.|$)/, 'Copy and Preview stay');

      h.ui.script({ actions: ['Resend'] });
      await resendFromHistory(services, entry.id);
      assert.equal(h.sim.messages.length, 2, 'nothing sent again');
      assert.deepEqual(h.ui.messages('error'), [notAgain]);
    });

    it('a failed patch is not retried from the Sent History as the summary alone', async () => {
      const history = new SendHistory(new MemoryHistoryFile(), h.log);
      const services = Object.assign(h.services, { history });
      await h.services.robots.add(h.drafts.withFiles);
      const { dir } = bigChange(sandbox);
      h.sim.inject({ kind: 'status', status: 500, path: '/media/upload', times: 10 });
      h.ui.script({ actions: ['Send the Summary and the Patch File', undefined] });
      await sendChanges(services, { folder: dir }, { kind: 'working' }, git);
      const [entry] = history.entries();
      assert.notEqual(entry.result, 'sent');
      assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown']);
      const view = describeEntry(h.services, entry, h.clock.now());
      assert.doesNotMatch(view.contextValue, /^entry\.(failed|uncertain|cancelled|notSent)\.content(\.|$)/, 'no Retry in the menu');

      h.sim.clearFaults();
      h.ui.script({ actions: ['Retry', 'Resend'] });
      await retryFromHistory(services, entry.id);
      assert.deepEqual(h.sim.messages.map((message) => message.type), ['markdown'], 'the summary is not posted again without its patch');
      assert.equal(h.ui.messages('error').at(-1), notAgain);
      assert.equal(history.get(entry.id)?.result, entry.result, 'the entry stays as it was');
    });
  });
});
