import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearHistory } from '../../../../src/extension/commands/historyClear';
import { copyFromHistory } from '../../../../src/extension/commands/historyCopy';
import { previewFromHistory } from '../../../../src/extension/commands/historyPreview';
import type { PreviewDocument } from '../../../../src/extension/ports';
import { removeFromHistory } from '../../../../src/extension/commands/historyRemove';
import { resendFromHistory } from '../../../../src/extension/commands/historyResend';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import type { HistoryEntry, SendOutcome } from '../../../../src/extension/history/entry';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { MemoryHistoryFile } from './memoryFile';

describe('history: the commands on its entries', () => {
  let h: ExtensionHarness;
  let history: SendHistory;
  let services: HistoryServices;
  let plain: RobotRecord;
  let dir: string;

  /** An entry as an earlier send (or an earlier window) left it. */
  async function past(fields: Partial<HistoryEntry> & { result: SendOutcome }): Promise<HistoryEntry> {
    const entry: HistoryEntry = {
      id: `past-${history.entries().length + 1}`,
      time: h.clock.now() - 60_000,
      robotId: plain.id,
      robotName: plain.name,
      kind: 'message',
      summary: 'Deploy done',
      size: 11,
      content: { text: 'Deploy done', language: 'dingtalk-message' },
      ...fields,
    };
    await history.put(entry);
    return entry;
  }

  beforeEach(async () => {
    h = await startExtensionHarness();
    history = new SendHistory(new MemoryHistoryFile(), h.log);
    services = Object.assign(h.services, { history });
    plain = await services.robots.add(h.drafts.plain);
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-history-commands-'));
  });
  afterEach(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('Retry', () => {
    it('sends a failed message again to its robot, and the same entry becomes sent', async () => {
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      await sendMessage(services, { text: 'Deploy done' });
      const failed = history.entries()[0];
      assert.equal(failed.result, 'failed');
      await retryFromHistory(services, failed.id);
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].body.text.content, 'Deploy done');
      assert.deepEqual(
        history.entries().map((e) => [e.id, e.result]),
        [[failed.id, 'sent']],
      );
      assert.deepEqual(h.ui.messages('info').at(-1), 'Message sent to "Plain".');
    });

    it('sends a selection left not sent by a closed window with its title and text, to its robot rather than the default', async () => {
      const other = await services.robots.add(h.drafts.signed);
      await services.robots.setDefault(other.id);
      const text = '**src/app.ts** · lines 2–3\n\n```ts\nb\nc\n```';
      const entry = await past({ result: 'notSent', kind: 'selection', summary: 'src/app.ts:2–3', content: { text, language: 'markdown', title: 'src/app.ts:2-3' } });
      await retryFromHistory(services, entry.id);
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].robot, FAKE.token);
      assert.deepEqual(h.sim.messages[0].body.markdown, { title: 'src/app.ts:2-3', text });
      assert.deepEqual(history.get(entry.id)?.result, 'sent');
      assert.equal(history.entries().length, 1);
    });

    it('sends a cancelled markdown document again, resolving its images from where it was', async () => {
      await services.robots.update(plain.id, { ...h.drafts.withFiles, name: 'Plain' });
      const documentPath = join(dir, 'guide.md');
      await writeFile(join(dir, 'logo.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
      const text = '# Guide\n\n![logo](logo.png)\n';
      const entry = await past({ result: 'cancelled', kind: 'markdown', summary: 'docs/guide.md', content: { text, language: 'markdown', title: 'Guide', documentPath, workspaceFolder: dir } });
      await retryFromHistory(services, entry.id);
      assert.equal(h.sim.uploads.length, 1);
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].body.markdown.title, 'Guide');
      assert.match(h.sim.messages[0].body.markdown.text, new RegExp(h.sim.uploads[0].mediaId));
      assert.equal(history.get(entry.id)?.result, 'sent');
    });

    it('offers another robot when the entry\'s robot was removed, and records the send to it', async () => {
      await services.robots.add(h.drafts.signed);
      const entry = await past({ result: 'failed' });
      await services.robots.remove(plain.id);
      h.ui.script({ actions: ['Choose Robot'], picks: ['Signed'] });
      await retryFromHistory(services, entry.id);
      assert.deepEqual(h.ui.shown[0], { kind: 'warn', message: 'The robot "Plain" was removed.', actions: ['Choose Robot'] });
      assert.equal(h.sim.messages[0].robot, FAKE.signedToken);
      assert.deepEqual([history.get(entry.id)?.result, history.get(entry.id)?.robotName], ['sent', 'Signed']);
    });

    it('says clearly which files are gone, and sends nothing', async () => {
      await services.robots.update(plain.id, { ...h.drafts.withFiles, name: 'Plain' });
      const gone = join(dir, 'report.pdf');
      const entry = await past({ result: 'failed', kind: 'file', summary: 'report.pdf', content: { paths: [gone] } });
      await retryFromHistory(services, entry.id);
      assert.match(h.ui.messages('error')[0], /^report\.pdf cannot be read \(ENOENT\): it may have been moved or deleted/);
      assert.equal(h.sim.uploads.length, 0);
      assert.equal(h.sim.messages.length, 0);
      assert.equal(history.get(entry.id)?.result, 'failed');
    });

    it('does not send an entry that is sending, and asks before sending one that arrived meanwhile', async () => {
      const sending = await past({ result: 'sending' });
      await retryFromHistory(services, sending.id);
      assert.deepEqual(h.ui.messages('info'), ['This is already being sent to "Plain".']);
      const sent = await past({ result: 'sent' });
      await retryFromHistory(services, sent.id);
      assert.equal(h.ui.shown.at(-1)?.kind, 'confirm');
      assert.equal(h.sim.messages.length, 0);
    });
  });

  describe('Resend', () => {
    it('asks first, naming the robot, and sends nothing when the user declines', async () => {
      const entry = await past({ result: 'sent', summary: 'Deploy done' });
      await resendFromHistory(services, entry.id);
      assert.deepEqual(h.ui.shown[0], { kind: 'confirm', message: 'Send Deploy done to "Plain" again?\nThe group gets it a second time.', actions: ['Resend'] });
      assert.equal(h.sim.messages.length, 0);
      assert.equal(history.entries().length, 1);
    });

    it('sends a past send again as a new entry, leaving the old one as it was', async () => {
      await sendMessage(services, { text: 'Release notes are out' });
      const first = history.entries()[0];
      h.clock.advance(5_000);
      h.ui.script({ actions: ['Resend'] });
      await resendFromHistory(services, first.id);
      assert.equal(h.sim.messages.length, 2);
      assert.deepEqual(
        history.entries().map((e) => [e.id === first.id ? 'old' : 'new', e.result, e.summary]),
        [
          ['new', 'sent', 'Release notes are out'],
          ['old', 'sent', 'Release notes are out'],
        ],
      );
    });

    it('warns that files go as they are on disk now', async () => {
      await services.robots.update(plain.id, { ...h.drafts.withFiles, name: 'Plain' });
      const path = join(dir, 'report.pdf');
      await writeFile(path, '%PDF-1.4 second edition\n');
      const entry = await past({ result: 'sent', kind: 'file', summary: 'report.pdf', content: { paths: [path] } });
      h.ui.script({ actions: ['Resend'] });
      await resendFromHistory(services, entry.id);
      assert.equal(h.ui.shown[0].message, 'Send report.pdf to "Plain" again?\nThe group gets the files again, as they are on disk now.');
      assert.equal(h.sim.uploads[0].size, 24);
      assert.equal(history.entries()[0].kind, 'file');
      assert.equal(history.entries().length, 2);
    });
  });

  describe('Preview and Copy Content', () => {
    it('opens the content in its language: markdown as markdown, a typed message and files as plain text', async () => {
      const opened: PreviewDocument[] = [];
      const open = async (document: PreviewDocument): Promise<void> => {
        opened.push(document);
      };
      const markdown = await past({ result: 'failed', kind: 'selection', content: { text: '```ts\nx\n```', language: 'markdown', title: 'a.ts:1' } });
      const message = await past({ result: 'sent' });
      const files = await past({ result: 'sent', kind: 'file', content: { paths: ['/tmp/a.pdf', '/tmp/b.png'] } });
      for (const entry of [markdown, message, files]) {
        await previewFromHistory(services, entry.id, open);
      }
      assert.deepEqual(opened, [
        { content: '```ts\nx\n```', language: 'markdown' },
        { content: 'Deploy done', language: 'plaintext' },
        { content: '/tmp/a.pdf\n/tmp/b.png', language: 'plaintext' },
      ]);
    });

    it('copies the content and says so', async () => {
      const entry = await past({ result: 'notSent' });
      await copyFromHistory(services, entry.id);
      assert.equal(h.ui.clipboard, 'Deploy done');
      assert.deepEqual(h.ui.messages('info'), ['The content is on the clipboard.']);
    });

    it('explains an entry whose content the cap dropped, or that is gone', async () => {
      const entry = await past({ result: 'sent', content: undefined });
      await copyFromHistory(services, entry.id);
      await resendFromHistory(services, 'no-such-entry');
      assert.deepEqual(h.ui.messages('error'), ['The content of this send was not kept: the Sent History keeps the content of recent sends only.', 'That send is no longer in the Sent History.']);
      assert.equal(h.ui.clipboard, '');
    });
  });

  describe('Remove and Clear History', () => {
    it('removes one entry', async () => {
      const a = await past({ result: 'sent' });
      const b = await past({ result: 'failed' });
      await removeFromHistory(services, a.id);
      assert.deepEqual(history.entries().map((e) => e.id), [b.id]);
    });

    it('clears after a confirmation, keeping sends under way', async () => {
      await past({ result: 'sent' });
      await past({ result: 'failed' });
      const sending = await past({ result: 'sending' });
      await clearHistory(services);
      assert.equal(history.entries().length, 3);
      assert.equal(h.ui.shown[0].message, 'Clear the Sent History?\nEvery entry and its content is removed from this computer (2 in all). What was sent stays in DingTalk.');
      h.ui.script({ actions: ['Clear History'] });
      await clearHistory(services);
      assert.deepEqual(history.entries().map((e) => e.id), [sending.id]);
      await clearHistory(services);
      assert.deepEqual(h.ui.messages('info'), ['The Sent History is empty.']);
    });
  });
});
