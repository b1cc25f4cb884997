import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendResult } from '../../../../src/core';
import { sendFiles } from '../../../../src/extension/commands/sendFile';
import { sendMarkdown } from '../../../../src/extension/commands/sendMarkdown';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import { sendSelection } from '../../../../src/extension/commands/sendSelection';
import type { HistoryEntry } from '../../../../src/extension/history/entry';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import type { SendJob } from '../../../../src/extension/send/kind';
import { runSend } from '../../../../src/extension/send/runner';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { MemoryHistoryFile } from './memoryFile';

/** Lets the event loop run until `done` holds (real I/O included), failing after a second. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 1_000;
  while (!done()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Every credential the harness's robots have, as the history file must never hold them. */
function credentials(h: ExtensionHarness): string[] {
  return [FAKE.token, FAKE.signedToken, FAKE.keywordToken, FAKE.secret, FAKE.appSecret, h.sim.webhookUrl(FAKE.token), 'access_token'];
}

describe('history: recording sends (runSend)', () => {
  let h: ExtensionHarness;
  let file: MemoryHistoryFile;
  let history: SendHistory;
  let services: HistoryServices;
  let dir: string;

  const only = (): HistoryEntry => {
    assert.equal(history.entries().length, 1, JSON.stringify(history.entries()));
    return history.entries()[0];
  };

  function markdownJob(robot: RobotRecord, body: string): SendJob<SendResult> {
    return {
      robot,
      title: (target) => `Sending notes.md to ${target.name}`,
      content: { text: body, language: 'markdown' },
      history: { kind: 'markdown', summary: 'notes.md', content: { text: body, language: 'markdown', title: 'notes' } },
      run: (core, progress, resumeFrom) => services.client().sendMarkdown(core, 'notes', body, { signal: progress.signal, resumeFrom }),
      success: (result, target) => `sent ${result.parts} to ${target.name}`,
    };
  }

  beforeEach(async () => {
    h = await startExtensionHarness();
    file = new MemoryHistoryFile();
    history = new SendHistory(file, h.log);
    services = Object.assign(h.services, { history });
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-history-'));
  });
  afterEach(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a message that was sent: robot, kind, summary, size, parts and content, and no credential', async () => {
    await services.robots.add(h.drafts.withFiles);
    await sendMessage(services, { text: 'Build 1234 is green.\nDetails in the channel.' });
    const entry = only();
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(
      { ...entry, id: undefined, time: undefined, robotId: undefined },
      {
        id: undefined,
        time: undefined,
        robotId: undefined,
        robotName: 'Files',
        robotKind: 'webhook',
        kind: 'message',
        summary: 'Build 1234 is green.…',
        size: 44,
        parts: 1,
        result: 'sent',
        content: { text: 'Build 1234 is green.\nDetails in the channel.', language: 'dingtalk-message' },
      },
    );
    assert.equal(entry.time, h.clock.now());
    assert.equal(entry.robotId, services.robots.list()[0].id);
    for (const secret of credentials(h)) {
      assert.ok(!file.text?.includes(secret), `the history file holds ${secret}`);
    }
  });

  it('records a failure with DingTalk\'s errcode and the message the user saw, and writes no secret', async () => {
    const signed = await services.robots.add({ ...h.drafts.signed, secret: `SECtest${'9'.repeat(57)}` });
    await runSend(services, markdownJob(signed, '# notes'));
    const entry = only();
    assert.equal(entry.result, 'failed');
    assert.equal(entry.errcode, 310000);
    assert.equal(entry.error, h.ui.messages('error')[0]);
    assert.deepEqual(entry.content, { text: '# notes', language: 'markdown', title: 'notes' });
    for (const secret of [...credentials(h), `SECtest${'9'.repeat(57)}`]) {
      assert.ok(!file.text?.includes(secret), `the history file holds ${secret}`);
    }
  });

  it('records a cancelled send as cancelled, content kept', async () => {
    const robot = await services.robots.add(h.drafts.plain);
    h.ui.onProgress = (cancel) => cancel();
    await runSend(services, markdownJob(robot, 'never mind'));
    const entry = only();
    assert.equal(entry.result, 'cancelled');
    assert.equal(entry.errcode, undefined);
    assert.equal(entry.error, 'The send was cancelled.');
    assert.deepEqual(entry.content, { text: 'never mind', language: 'markdown', title: 'notes' });
  });

  it('is failed while the failure is shown, and a Retry from the notification updates the same entry', async () => {
    const robot = await services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    let whileShown: HistoryEntry | undefined;
    h.ui.script({
      actions: [
        () => {
          whileShown = only();
          return 'Retry';
        },
      ],
    });
    await runSend(services, markdownJob(robot, 'second time lucky'));
    assert.equal(whileShown?.result, 'failed');
    const entry = only();
    assert.equal(entry.id, whileShown?.id);
    assert.equal(entry.result, 'sent');
    assert.equal(entry.error, undefined);
    assert.equal(entry.errcode, undefined);
    assert.equal(h.sim.messages.length, 1);
  });

  it('records how many parts a split send had when it failed midway', async () => {
    const robot = await services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
    const long = Array.from({ length: 900 }, (_, i) => `line ${i}: ${'x'.repeat(40)}`).join('\n');
    await runSend(services, markdownJob(robot, long));
    const entry = only();
    assert.equal(entry.result, 'failed');
    assert.ok((entry.parts ?? 0) >= 2, String(entry.parts));
    assert.match(entry.error ?? '', /1 of \d+ parts arrived; Retry sends the rest\.$/);
  });

  it('records a send whose robot was removed before it started, and one a bad setting stopped', async () => {
    const robot = await services.robots.add(h.drafts.plain);
    await services.robots.remove(robot.id);
    await runSend(services, markdownJob(robot, 'orphan'));
    assert.deepEqual([only().result, only().error], ['failed', 'The robot "Plain" was removed.']);
    await history.clear();
    const other = await services.robots.add(h.drafts.plain);
    h.settings.endpoints.oapiBaseUrl = 'http://10.0.0.5';
    await runSend(services, markdownJob(other, 'blocked'));
    assert.equal(only().result, 'failed');
    assert.equal(only().error, h.ui.messages('error').at(-1));
    assert.equal(h.sim.messages.length, 0);
  });

  it('is sending while the send waits, and written as not sent with its content when VS Code closes', async () => {
    const robot = await services.robots.add(h.drafts.plain);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const job = markdownJob(robot, 'queued at shutdown');
    const sending = runSend(services, { ...job, run: async (...args) => gate.then(() => job.run(...args)) });
    await until(() => history.entries()[0]?.result === 'sending');
    await history.settled();
    assert.equal(file.json().entries[0].result, 'sending');
    await history.close();
    const written = file.json().entries[0];
    assert.equal(written.result, 'notSent');
    assert.deepEqual(written.content, { text: 'queued at shutdown', language: 'markdown', title: 'notes' });
    // Whatever the cut-short send does next, the file keeps saying it was not sent.
    open();
    await sending;
    await history.settled();
    assert.equal(file.json().entries[0].result, 'notSent');
    const nextWindow = new SendHistory(file, h.log);
    await nextWindow.load();
    assert.equal(nextWindow.entries()[0].result, 'notSent');
  });

  it('records nothing for a job without a history descriptor, or without a history', async () => {
    const robot = await services.robots.add(h.drafts.plain);
    await runSend(services, { ...markdownJob(robot, 'untracked'), history: undefined });
    await runSend({ ...h.services, history: undefined }, markdownJob(robot, 'no history'));
    assert.deepEqual(history.entries(), []);
    assert.equal(h.sim.messages.length, 2);
  });

  describe('the send commands fill the descriptor', () => {
    it('Send Selection: the label as summary, the snippet and its title as content', async () => {
      await services.robots.add(h.drafts.plain);
      const fsPath = join(dir, 'app.ts');
      await writeFile(fsPath, 'a\nb\nc\n');
      await sendSelection(services, { document: { fsPath, relativePath: 'src/app.ts', languageId: 'typescript', text: 'a\nb\nc\n', isDirty: false }, selections: [{ startLine: 2, endLine: 3, text: 'b\nc' }] });
      const entry = only();
      assert.equal(entry.kind, 'selection');
      assert.equal(entry.summary, 'src/app.ts:2–3');
      assert.deepEqual(entry.content, { text: h.sim.messages[0].body.markdown.text, language: 'markdown', title: 'src/app.ts:2-3' });
      assert.equal(entry.size, Buffer.byteLength(h.sim.messages[0].body.markdown.text));
    });

    it('Send Markdown: the document as written, its title and where it is', async () => {
      await services.robots.add(h.drafts.plain);
      const fsPath = join(dir, 'guide.md');
      const text = '# Guide\n\nSee ![logo](logo.png).\n';
      await writeFile(fsPath, text);
      await sendMarkdown(services, { document: { fsPath, workspaceFolder: dir, relativePath: 'docs/guide.md', languageId: 'markdown', text, isDirty: false }, selections: [] });
      const entry = only();
      assert.equal(entry.kind, 'markdown');
      assert.equal(entry.summary, 'docs/guide.md');
      assert.deepEqual(entry.content, { text, language: 'markdown', title: 'Guide', documentPath: fsPath, workspaceFolder: dir });
    });

    it('Send File: the file names as summary, their paths as content, their size on disk, one part each', async () => {
      await services.robots.add(h.drafts.withFiles);
      const files = [join(dir, 'report.pdf'), join(dir, 'notes.docx')];
      await writeFile(files[0], '%PDF-1.4 fake\n');
      await writeFile(files[1], 'fake docx');
      await sendFiles(services, files.map((fsPath) => ({ fsPath, relativePath: fsPath })));
      const entry = only();
      assert.deepEqual(
        { kind: entry.kind, summary: entry.summary, content: entry.content, size: entry.size, parts: entry.parts, result: entry.result },
        { kind: 'file', summary: 'report.pdf, notes.docx', content: { paths: files }, size: 23, parts: 2, result: 'sent' },
      );
    });
  });
});
