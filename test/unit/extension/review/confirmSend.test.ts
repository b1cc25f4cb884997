import { strict as assert } from 'node:assert';
import { confirmSend, type SendPreview } from '../../../../src/extension/review/confirmSend';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

describe('review/confirmSend', () => {
  let h: ExtensionHarness;
  let plain: RobotRecord;
  let signed: RobotRecord;
  beforeEach(async () => {
    h = await startExtensionHarness();
    plain = await h.services.robots.add(h.drafts.plain);
    signed = await h.services.robots.add(h.drafts.signed);
  });
  afterEach(() => h.stop());

  const message = (robot: RobotRecord): SendPreview => ({ robot, kind: 'message', title: 'a message', text: 'Deploy finished' });
  /** Sends `count` times to `robot`, answering each preview shown with `answer`; the results and the previews shown. */
  async function send(robot: RobotRecord, count: number, answer: 'send' | 'dontAsk' | 'cancel' = 'send'): Promise<{ results: boolean[]; shown: number }> {
    const before = h.ui.previews.length;
    const results: boolean[] = [];
    for (let i = 0; i < count; i += 1) {
      h.ui.script({ previews: [answer === 'cancel' ? undefined : answer] });
      results.push(await confirmSend(h.services, message(robot)));
      h.ui.previewAnswers.length = 0;
    }
    return { results, shown: h.ui.previews.length - before };
  }

  describe('firstTimePerRobot', () => {
    beforeEach(() => {
      h.settings.confirmBeforeSend = 'firstTimePerRobot';
    });

    it('asks before the first send to each robot, and not after it was confirmed', async () => {
      assert.deepEqual(await send(plain, 3), { results: [true, true, true], shown: 1 });
      assert.deepEqual(await send(signed, 2), { results: [true, true], shown: 1 });
      assert.equal(h.ui.previews[0].robot.name, 'Plain');
      assert.equal(h.ui.previews[1].robot.name, 'Signed');
    });

    it('sends nothing on Cancel (or a closed panel), and asks again next time', async () => {
      assert.deepEqual(await send(plain, 2, 'cancel'), { results: [false, false], shown: 2 });
      assert.deepEqual(await send(plain, 2), { results: [true, true], shown: 1 });
    });

    it('sends on "Don\'t Ask Again", and then never asks for that robot, even when the setting becomes always', async () => {
      assert.deepEqual(await send(plain, 1, 'dontAsk'), { results: [true], shown: 1 });
      h.settings.confirmBeforeSend = 'always';
      assert.deepEqual(await send(plain, 2), { results: [true, true], shown: 0 });
      assert.deepEqual(await send(signed, 2), { results: [true, true], shown: 2 });
    });
  });

  describe('always', () => {
    beforeEach(() => {
      h.settings.confirmBeforeSend = 'always';
    });

    it('asks before every send, confirmed before or not', async () => {
      assert.deepEqual(await send(plain, 3), { results: [true, true, true], shown: 3 });
    });

    it('stops asking for the robot whose preview said "Don\'t Ask Again", and only for it', async () => {
      assert.deepEqual(await send(plain, 1, 'dontAsk'), { results: [true], shown: 1 });
      assert.deepEqual(await send(plain, 2), { results: [true, true], shown: 0 });
      assert.deepEqual(await send(signed, 2), { results: [true, true], shown: 2 });
    });

    it('keeps "Don\'t Ask Again" across a restart (it lives in globalState)', async () => {
      await send(plain, 1, 'dontAsk');
      assert.deepEqual(h.state.get('dingtalk.sendConfirmations'), { [plain.id]: 'dontAsk' });
    });
  });

  it('never asks with never, and remembers nothing then', async () => {
    h.settings.confirmBeforeSend = 'never';
    assert.deepEqual(await send(plain, 3), { results: [true, true, true], shown: 0 });
    assert.equal(h.state.get('dingtalk.sendConfirmations'), undefined);
    h.settings.confirmBeforeSend = 'firstTimePerRobot';
    assert.deepEqual(await send(plain, 1), { results: [true], shown: 1 });
  });

  it('forgets a removed robot: its memory leaves globalState, and a robot added again is asked about', async () => {
    h.settings.confirmBeforeSend = 'firstTimePerRobot';
    await send(plain, 1);
    await send(signed, 1, 'dontAsk');
    assert.deepEqual(h.state.get('dingtalk.sendConfirmations'), { [plain.id]: 'sent', [signed.id]: 'dontAsk' });
    await h.services.robots.remove(plain.id);
    assert.deepEqual(h.state.get('dingtalk.sendConfirmations'), { [signed.id]: 'dontAsk' });
    await h.services.robots.remove(signed.id);
    assert.equal(h.state.get('dingtalk.sendConfirmations'), undefined);
    const again = await h.services.robots.add(h.drafts.plain);
    assert.deepEqual(await send(again, 2), { results: [true, true], shown: 1 });
  });

  it('asks again after an edit points the robot at another group, but not after a rename', async () => {
    h.settings.confirmBeforeSend = 'always';
    await send(plain, 1, 'dontAsk');
    await h.services.robots.update(plain.id, { ...h.drafts.plain, name: 'Plain team' });
    assert.equal((await send(plain, 1)).shown, 0);
    await h.services.robots.update(plain.id, { ...h.drafts.plain, webhook: h.sim.webhookUrl(h.drafts.keyword.webhook!.split('access_token=')[1]) });
    assert.equal((await send(plain, 1)).shown, 1);
  });

  it('shows the preview model of the send', async () => {
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send'] });
    await confirmSend(h.services, { robot: plain, at: { mobiles: ['13800000000'] }, kind: 'message', title: 'a message', text: 'Deploy finished' });
    const [model] = h.ui.previews;
    assert.deepEqual(model.messages, ['Deploy finished\n\n@13800000000']);
    assert.equal(model.summary, 'Plain · Message · @13800000000 · 15 B · 1 part');
  });
});
