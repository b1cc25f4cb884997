import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendFiles } from '../../../../src/extension/commands/sendFile';
import { sendMarkdown } from '../../../../src/extension/commands/sendMarkdown';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { MemoryHistoryFile } from '../history/memoryFile';
import { privateTmpdir } from '../../../support/privateTmpdir';

/** A made-up GitHub token: the right shape, no real account behind it. */
const token = `ghp_${'A1b2C3d4E5'.repeat(3)}Zy9X8w`;
const password = 'Zq8!vR2#pL5mW9x';

describe('review: what a redacted, moved or retried send keeps', () => {
  let h: ExtensionHarness;
  let history: SendHistory;
  let services: HistoryServices;
  let dir: string;
  // The redacted copies are counted in the temporary folder: this test's own, not the machine's /tmp.
  let tmp: ReturnType<typeof privateTmpdir>;
  beforeEach(async () => {
    tmp = privateTmpdir();
    h = await startExtensionHarness();
    history = new SendHistory(new MemoryHistoryFile(), h.log);
    services = Object.assign(h.services, { history });
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-review-fixes-'));
  });
  afterEach(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
    tmp.restore();
  });

  it('takes the title of a redacted markdown document from the redacted text, in the message and in the Sent History', async () => {
    h.settings.scanForSecrets = true;
    await services.robots.add(h.drafts.plain);
    h.ui.script({ actions: ['Send Redacted'] });
    const text = `# Rotate GITHUB_TOKEN=${token}\n\nDone.\n`;
    await sendMarkdown(services, { document: { text, relativePath: 'rotate.md', fsPath: join(dir, 'rotate.md'), languageId: 'markdown', isDirty: false }, selections: [] });
    await history.settled();
    assert.match(h.sim.messages[0].body.markdown.title, /^Rotate GITHUB_TOKEN=\[REDACTED:/);
    assert.ok(!JSON.stringify(h.sim.messages).includes(token));
    assert.ok(!JSON.stringify(history.entries()).includes(token));
  });

  it('keeps the redacted text, not the original, for the next Send Message', async () => {
    h.settings.scanForSecrets = true;
    await services.robots.add(h.drafts.plain);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ inputs: [`GITHUB_TOKEN=${token}`, ''], actions: ['Send Redacted'], previews: [undefined] });
    await sendMessage(services);
    assert.equal(h.sim.messages.length, 0, 'cancelled at the preview');
    h.ui.script({ inputs: [undefined] });
    await sendMessage(services);
    assert.match(h.ui.prefills.at(-1) ?? '', /^GITHUB_TOKEN=\[REDACTED:/, 'the message offered again is the redacted one');
  });

  it('records the files the user chose in the Sent History, and removes the redacted copies after the send', async () => {
    h.settings.scanForSecrets = true;
    await services.robots.add(h.drafts.withFiles);
    const file = join(dir, 'deploy.txt');
    await writeFile(file, `host=example.internal\nDB_PASSWORD=${password}\n`);
    const before = new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('dingtalk-sender-')));
    h.ui.script({ actions: ['Send Redacted'] });
    await sendFiles(services, [{ fsPath: file, relativePath: 'deploy.txt' }]);
    await history.settled();
    assert.equal(h.sim.uploads.length, 1);
    assert.deepEqual(history.entries()[0].content, { paths: [file] });
    assert.deepEqual(readdirSync(tmpdir()).filter((name) => name.startsWith('dingtalk-sender-') && !before.has(name)), []);
  });

  it('redacts a file that is not UTF-8 (GBK) byte for byte, keeping its Chinese text', async () => {
    h.settings.scanForSecrets = true;
    await services.robots.add(h.drafts.withFiles);
    const file = join(dir, 'deploy-gbk.txt');
    const chinese = Buffer.from([0xd6, 0xd0, 0xce, 0xc4]);
    await writeFile(file, Buffer.concat([Buffer.from('# '), chinese, Buffer.from(`\ndb.password=${password}\n`)]));
    h.ui.script({ actions: ['Send Redacted'] });
    await sendFiles(services, [{ fsPath: file, relativePath: 'deploy-gbk.txt' }]);
    const { createHash } = await import('node:crypto');
    const expected = Buffer.concat([Buffer.from('# '), chinese, Buffer.from('\ndb.password=[REDACTED:password]\n')]);
    assert.equal(h.sim.uploads[0].sha256, createHash('sha256').update(expected).digest('hex'));
  });

  it('says which file cannot be read when it went away before the review, in the user\'s words', async () => {
    await services.robots.add(h.drafts.withFiles);
    h.settings.scanForSecrets = true;
    const file = join(dir, 'gone.txt');
    await writeFile(file, 'hello');
    const pick = services.robots.get.bind(services.robots);
    let removed = false;
    services.robots.get = (id: string) => {
      if (!removed && existsSync(file)) {
        removed = true;
        void rm(file);
      }
      return pick(id);
    };
    await sendFiles(services, [{ fsPath: file, relativePath: 'gone.txt' }]);
    assert.equal(h.sim.uploads.length, 0);
    assert.match(h.ui.messages('error').join('\n'), /gone\.txt cannot be read \(ENOENT\)/);
  });

  it('does not call a failure of the preview a file that "cannot be read": it goes to the command\'s handler, the redacted copy removed', async () => {
    await services.robots.add(h.drafts.withFiles);
    h.settings.scanForSecrets = true;
    h.settings.confirmBeforeSend = 'always';
    const file = join(dir, 'deploy.txt');
    await writeFile(file, `DB_PASSWORD=${password}\n`);
    const copies = () => readdirSync(tmpdir()).filter((name) => name.startsWith('dingtalk-sender-'));
    const before = copies();
    let copied: string[] = [];
    h.ui.script({ actions: ['Send Redacted'] });
    h.ui.preview = () => {
      copied = copies().filter((name) => !before.includes(name));
      return Promise.reject(new Error('the webview could not be created'));
    };
    await assert.rejects(sendFiles(services, [{ fsPath: file, relativePath: 'deploy.txt' }]), /the webview could not be created/);
    assert.deepEqual(h.ui.messages('error'), [], 'no "cannot be read" for a readable file');
    assert.equal(copied.length, 1, 'the redacted copy existed while the preview opened');
    assert.ok(!copies().includes(copied[0]), 'and is gone');
    assert.equal(h.sim.uploads.length, 0);
  });

  it('previews again before a send moves to another robot, when the setting asks', async () => {
    h.settings.confirmBeforeSend = 'always';
    const plain = await services.robots.add(h.drafts.plain);
    await services.robots.add(h.drafts.signed);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({
      previews: ['send', undefined],
      actions: [
        async () => {
          await services.robots.remove(plain.id);
          return 'Retry';
        },
        'Choose Robot',
      ],
      picks: ['Signed'],
    });
    await sendMessage(services, { text: 'for the first group only' });
    assert.deepEqual(
      h.ui.previews.map((preview) => preview.robot.name),
      ['Plain', 'Signed'],
    );
    assert.equal(h.sim.messages.length, 0, 'the user cancelled the second preview');
  });

  it('retries from the Sent History with the parts that did not arrive, not all of them again', async () => {
    await services.robots.add(h.drafts.plain);
    const text = Array.from({ length: 3 }, (_, i) => `para ${i} ${'x'.repeat(15000)}`).join('\n\n');
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
    h.ui.script({ actions: [undefined] });
    await sendMessage(services, { text });
    await history.settled();
    const entry = history.entries()[0];
    assert.equal(entry.result, 'failed');
    assert.equal(entry.arrived, 1);
    await retryFromHistory(services, entry.id);
    const labels = h.sim.messages.map((m) => String(m.body.text.content).slice(0, 5));
    assert.deepEqual(labels, ['(1/3)', '(2/3)', '(3/3)']);
    assert.ok(h.sim.messages.every((m) => m.robot === FAKE.token));
  });
});
