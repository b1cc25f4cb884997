import { strict as assert } from 'node:assert';
import { runSend, type SendJob } from '../../../src/extension/sendRunner';
import type { SendResult } from '../../../src/core';
import type { RobotRecord } from '../../../src/extension/robotStore';
import { FAKE } from '../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../support/extensionHarness';

const longText = (): string => Array.from({ length: 900 }, (_, i) => `line ${i}: ${'x'.repeat(40)}`).join('\n');

function markdownJob(h: ExtensionHarness, robot: RobotRecord, body: string): SendJob<SendResult> {
  return {
    robot,
    title: 'Sending notes.md',
    content: { text: body, language: 'markdown' },
    run: (core, progress, resumeFrom) => h.services.client().sendMarkdown(core, 'notes', body, { signal: progress.signal, resumeFrom }),
    success: (result) => `sent ${result.parts}`,
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
    assert.deepEqual(h.ui.messages('info'), ['sent 1']);
    assert.ok(h.services.robots.get(robot.id)?.lastUsed);
    assert.equal(h.services.unsent, undefined);
  });

  it('keeps the content of a failed send and copies it when asked', async () => {
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Copy Content'] });
    const result = await runSend(h.services, markdownJob(h, robot, 'keep me'));
    assert.equal(result, undefined);
    assert.equal(h.sim.messages.length, 0);
    assert.deepEqual(h.services.unsent, { text: 'keep me', language: 'markdown', robotId: robot.id });
    assert.equal(h.ui.clipboard, 'keep me');
    assert.deepEqual(h.ui.shown[0].actions, ['Retry', 'Copy Content']);
  });

  it('retries after a failure, and the message arrives once', async () => {
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Retry'] });
    const result = await runSend(h.services, markdownJob(h, robot, 'second time lucky'));
    assert.equal(result?.parts, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.services.unsent, undefined);
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
    assert.equal(h.services.unsent?.text, 'never mind');
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

  it('reads the robot\'s secrets at send time, so a robot without them gets a clear error', async () => {
    h.secrets.values.clear();
    h.ui.script({ actions: [undefined] });
    await runSend(h.services, markdownJob(h, robot, 'hello'));
    assert.match(h.ui.messages('error')[0], /secret storage/);
    assert.ok(!JSON.stringify([...h.state.values]).includes(FAKE.appSecret));
  });
});
