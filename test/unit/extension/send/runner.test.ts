import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { robotKey, type ClientEvent, type SendResult } from '../../../../src/core';
import type { SendJob } from '../../../../src/extension/send/kind';
import { runSend } from '../../../../src/extension/send/runner';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

/** Lets the event loop run until `done` holds (real I/O included), failing after a second. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 1_000;
  while (!done()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const longText = (): string => Array.from({ length: 900 }, (_, i) => `line ${i}: ${'x'.repeat(40)}`).join('\n');

function markdownJob(h: ExtensionHarness, robot: RobotRecord, body: string): SendJob<SendResult> {
  return {
    robot,
    title: (target) => `Sending notes.md to ${target.name}`,
    content: { text: body, language: 'markdown' },
    run: (core, progress, resumeFrom) => h.services.client().sendMarkdown(core, 'notes', body, { signal: progress.signal, resumeFrom }),
    success: (result, target) => `sent ${result.parts} to ${target.name}`,
  };
}

describe('runSend', () => {
  let h: ExtensionHarness;
  let robot: RobotRecord;
  beforeEach(async () => {
    h = await startExtensionHarness();
    robot = await h.services.robots.add(h.drafts.withFiles);
  });
  afterEach(() => h.stop());

  it('sends, tells the user, and remembers when the robot was last used', async () => {
    const result = await runSend(h.services, markdownJob(h, robot, 'hello'));
    assert.equal(result?.parts, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.ui.messages('info'), ['sent 1 to Files']);
    assert.ok(h.services.robots.get(robot.id)?.lastUsed);
    assert.equal(h.services.unsent.get(), undefined);
  });

  it('keeps the content of a failed send and copies it when asked', async () => {
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Copy Content'] });
    const result = await runSend(h.services, markdownJob(h, robot, 'keep me'));
    assert.equal(result, undefined);
    assert.equal(h.sim.messages.length, 0);
    assert.deepEqual(h.services.unsent.get(), { text: 'keep me', language: 'markdown', robotId: robot.id });
    assert.equal(h.ui.clipboard, 'keep me');
    assert.deepEqual(h.ui.shown[0].actions, ['Retry', 'Copy Content']);
  });

  it('retries after a failure, and the message arrives once', async () => {
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Retry'] });
    const result = await runSend(h.services, markdownJob(h, robot, 'second time lucky'));
    assert.equal(result?.parts, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.services.unsent.get(), undefined);
  });

  it('resumes a split send at the part that failed, and says how far it got', async () => {
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
    h.ui.script({ actions: ['Retry'] });
    const result = await runSend(h.services, markdownJob(h, robot, longText()));
    const total = result?.parts ?? 0;
    assert.ok(total >= 2);
    assert.match(h.ui.messages('error')[0], new RegExp(`1 of ${total} parts arrived; Retry sends the rest\\.$`));
    assert.equal(h.sim.messages.length, total);
    h.sim.messages.forEach((m, i) => assert.equal(m.body.markdown.title, `notes (${i + 1}/${total})`));
  });

  it('offers Edit Robot when a robot setting refused the message', async () => {
    const signed = await h.services.robots.add({ ...h.drafts.signed, secret: `SECtest${'9'.repeat(57)}` });
    const result = await runSend(h.services, markdownJob(h, signed, 'hello'));
    assert.equal(result, undefined);
    assert.deepEqual(h.ui.shown[0].actions, ['Retry', 'Edit Robot', 'Copy Content']);
    assert.match(h.ui.shown[0].message, /secret/i);
    assert.equal(h.sim.messages.length, 0);
  });

  it('shows a cancelled send as a warning and keeps its content', async () => {
    h.ui.onProgress = (cancel) => cancel();
    const result = await runSend(h.services, markdownJob(h, robot, 'never mind'));
    assert.equal(result, undefined);
    assert.equal(h.ui.shown[0].kind, 'warn');
    assert.equal(h.services.unsent.get()?.text, 'never mind');
    assert.equal(h.sim.messages.length, 0);
  });

  it('tells the user, through the progress, that a send waits for the rate limit', async () => {
    for (let i = 0; i < 20; i += 1) {
      await h.client.sendText((await h.services.robots.robot(robot.id, h.settings.endpoints)), `filler ${i}`);
    }
    await runSend(h.services, markdownJob(h, robot, 'the 21st'));
    assert.equal(h.sim.messages.length, 21);
    assert.ok(h.ui.progress[0].messages.some((m) => /^Waiting for DingTalk's limit of 20 messages a minute \(about \d+ s\)…$/.test(m)), h.ui.progress[0].messages.join('\n'));
  });

  it('tells the user, through the progress, that the client is retrying and why', async () => {
    h.sim.inject({ kind: 'busy', path: '/robot/send' });
    await runSend(h.services, markdownJob(h, robot, 'after a busy answer'));
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.ui.progress[0].messages, ['Retrying in 1 s (try 2): DingTalk was busy…']);
  });

  it('says "retrying" in the progress of the send that retries only, when several robots send at once', async () => {
    const signed = await h.services.robots.add(h.drafts.signed);
    h.sim.inject({ kind: 'busy', path: '/robot/send' });
    await Promise.all([runSend(h.services, markdownJob(h, robot, 'to the first robot')), runSend(h.services, markdownJob(h, signed, 'to the second robot'))]);
    assert.equal(h.sim.messages.length, 2);
    const busyToken = h.sim.requests.find((request) => request.path === '/robot/send')?.query.access_token;
    const retried = busyToken === FAKE.signedToken ? signed : robot;
    const other = retried === signed ? robot : signed;
    const progressOf = (record: RobotRecord) => h.ui.progress.find((progress) => progress.title === `Sending notes.md to ${record.name}`)?.messages;
    assert.deepEqual(progressOf(retried), ['Retrying in 1 s (try 2): DingTalk was busy…']);
    assert.deepEqual(progressOf(other), [], 'the other send did not retry');
  });

  it('says "retrying" in a file send\'s progress when its upload is tried again', async () => {
    h.sim.inject({ kind: 'status', status: 503, path: '/media/upload' });
    const file = join(tmpdir(), `dingtalk-runner-${process.pid}.pdf`);
    writeFileSync(file, '%PDF-1.4 retried upload\n');
    try {
      await runSend(h.services, {
        robot,
        title: () => 'Sending report.pdf',
        content: { text: file, language: 'file' },
        run: (core, progress) => h.services.client().sendFile(core, file, { signal: progress.signal }),
        success: () => 'sent',
      });
    } finally {
      rmSync(file, { force: true });
    }
    assert.equal(h.sim.uploads.length, 1);
    assert.deepEqual(h.ui.progress[0].messages, ['Retrying in 1 s (try 2): DingTalk was busy…']);
  });

  it('does not send to a robot removed while its failure was shown: the user chooses another, and the notice names it', async () => {
    const signed = await h.services.robots.add(h.drafts.signed);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({
      actions: [
        async () => {
          await h.services.robots.remove(robot.id);
          return 'Retry';
        },
        'Choose Robot',
      ],
      picks: ['Signed'],
    });
    const result = await runSend(h.services, markdownJob(h, robot, 'to whoever is left'));
    assert.equal(result?.parts, 1);
    assert.deepEqual(h.ui.shown[1], { kind: 'error', message: 'The robot "Files" was removed.', actions: ['Choose Robot', 'Copy Content'] });
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.sim.messages[0].robot, FAKE.signedToken);
    assert.deepEqual(h.ui.progress.map((p) => p.title), ['Sending notes.md to Files', 'Sending notes.md to Signed']);
    assert.deepEqual(h.ui.messages('info'), ['sent 1 to Signed']);
    assert.ok(h.services.robots.get(signed.id)?.lastUsed);
  });

  it('offers the content, not another robot\'s editor, when Edit Robot is chosen for a robot removed meanwhile', async () => {
    const signed = await h.services.robots.add({ ...h.drafts.signed, secret: `SECtest${'9'.repeat(57)}` });
    h.ui.script({
      actions: [
        async () => {
          await h.services.robots.remove(signed.id);
          return 'Edit Robot';
        },
        'Copy Content',
      ],
    });
    const result = await runSend(h.services, markdownJob(h, signed, 'keep me'));
    assert.equal(result, undefined);
    assert.deepEqual(h.ui.prompts, []);
    assert.deepEqual(h.ui.shown[1], { kind: 'error', message: 'The robot "Signed" was removed.', actions: ['Choose Robot', 'Copy Content'] });
    assert.equal(h.ui.clipboard, 'keep me');
    assert.deepEqual(h.services.unsent.get(), { text: 'keep me', language: 'markdown' });
    assert.equal(h.sim.messages.length, 0);
  });

  it('does not start an identical send to the same robot while the first is under way', async () => {
    const [first, second] = await Promise.all([runSend(h.services, markdownJob(h, robot, 'once')), runSend(h.services, markdownJob(h, robot, 'once'))]);
    assert.equal(first?.parts, 1);
    assert.equal(second, undefined);
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.ui.messages('info'), ['This is already being sent to "Files".', 'sent 1 to Files']);
    // Once the first is over, the same content may go again, and other content was never held up.
    await runSend(h.services, markdownJob(h, robot, 'once'));
    await Promise.all([runSend(h.services, markdownJob(h, robot, 'one')), runSend(h.services, markdownJob(h, robot, 'two'))]);
    assert.equal(h.sim.messages.length, 4);
  });

  it('still offers Edit Robot for an insecure webhook URL, which is the robot\'s own', async () => {
    const key = `dingtalk.robot.${robot.id}`;
    const stored = JSON.parse(h.secrets.values.get(key) ?? '{}') as Record<string, string>;
    h.secrets.values.set(key, JSON.stringify({ ...stored, webhook: `http://10.0.0.5/robot/send?access_token=${FAKE.token}` }));
    await runSend(h.services, markdownJob(h, robot, 'hello'));
    assert.match(h.ui.shown[0].message, /^The webhook URL uses plain http to 10\.0\.0\.5/);
    assert.deepEqual(h.ui.shown[0].actions, ['Retry', 'Edit Robot', 'Copy Content']);
    assert.equal(h.sim.requests.length, 0);
  });

  it('shows in the progress only this robot\'s waits, not another send\'s', async () => {
    const other = await h.services.robots.robot((await h.services.robots.add(h.drafts.signed)).id, h.settings.endpoints);
    for (let i = 0; i < 20; i += 1) {
      await h.client.sendText(other, `filler ${i}`);
    }
    const events: ClientEvent[] = [];
    h.services.onClientEvent((event) => events.push(event));
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const job = markdownJob(h, robot, 'mine');
    const mine = runSend(h.services, { ...job, run: async (...args) => gate.then(() => job.run(...args)) });
    await until(() => h.ui.progress.length === 1);
    // The other robot's 21st message waits for its window while this send's progress is open.
    await h.client.sendText(other, 'the 21st');
    open();
    await mine;
    assert.ok(events.some((e) => e.type === 'queue' && e.robot === robotKey(other) && e.stats.expectedWaitMs > 0));
    assert.deepEqual(h.ui.progress[0].messages, []);
    assert.equal(h.sim.messages.length, 22);
  });

  it('reads the robot\'s secrets at send time, so a robot without them gets a clear error', async () => {
    h.secrets.values.clear();
    h.ui.script({ actions: [undefined] });
    await runSend(h.services, markdownJob(h, robot, 'hello'));
    assert.match(h.ui.messages('error')[0], /secret storage/);
    assert.ok(!JSON.stringify([...h.state.values]).includes(FAKE.appSecret));
  });
});
