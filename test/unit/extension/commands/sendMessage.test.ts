import { strict as assert } from 'node:assert';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import { MESSAGE_LANGUAGE } from '../../../../src/extension/history/entry';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

describe('commands/sendMessage', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('asks for the text and the @mentions, prefilled with the robot\'s defaults, and the group sees them', async () => {
    await h.services.robots.add({ ...h.drafts.plain, mentions: { userIds: ['user123'] } });
    h.ui.script({ inputs: ['Deploy finished 部署完成', '13800000000, user123'] });
    const result = await sendMessage(h.services);
    assert.equal(result?.parts, 1);
    assert.deepEqual(h.ui.prefills, [undefined, 'user123']);
    assert.equal(h.sim.messages.length, 1);
    const { text, at } = h.sim.messages[0].body;
    assert.equal(text.content, 'Deploy finished 部署完成\n\n@13800000000 @user123');
    assert.deepEqual(at.atMobiles, ['13800000000']);
    assert.deepEqual(at.atUserIds, ['user123']);
    assert.deepEqual(h.ui.messages('info'), ['Message sent to "Plain".']);
  });

  it('takes text and mentions as arguments without asking', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMessage(h.services, { text: 'Build #42 passed', mentions: 'all' });
    assert.deepEqual(h.ui.prompts, []);
    assert.equal(h.sim.messages[0].body.text.content, 'Build #42 passed');
    assert.equal(h.sim.messages[0].body.at.isAtAll, true);
  });

  it('uses the robot\'s default mentions for text given as an argument', async () => {
    await h.services.robots.add({ ...h.drafts.plain, mentions: { mobiles: ['13900000000'] } });
    await sendMessage(h.services, { text: 'ping' });
    assert.deepEqual(h.ui.prompts, []);
    assert.deepEqual(h.sim.messages[0].body.at.atMobiles, ['13900000000']);
  });

  it('asks only for the text when mentions are given', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ inputs: ['hello'] });
    await sendMessage(h.services, { mentions: '13800000000' });
    assert.equal(h.ui.prompts.length, 1);
    assert.deepEqual(h.sim.messages[0].body.at.atMobiles, ['13800000000']);
  });

  it('sends through an app robot without asking for mentions', async () => {
    await h.services.robots.add(h.drafts.app);
    h.ui.script({ inputs: ['hello from VS Code'] });
    await sendMessage(h.services);
    assert.equal(h.ui.prompts.length, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.sim.messages[0].channel, 'group');
    assert.equal(h.sim.messages[0].conversation, FAKE.conversation);
    assert.equal(h.sim.messages[0].type, 'sampleText');
    assert.deepEqual(h.sim.messages[0].body, { content: 'hello from VS Code' });
  });

  it('refuses an empty message: the input box asks again, an argument is refused', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ inputs: ['   ', undefined] });
    assert.equal(await sendMessage(h.services), undefined);
    assert.deepEqual(h.ui.refused, [{ value: '   ', reason: 'Type the message to send.' }]);
    assert.equal(await sendMessage(h.services, { text: ' \n ' }), undefined);
    assert.deepEqual(h.ui.messages('error'), ['The message is empty: type the text to send.']);
    assert.equal(h.sim.requests.length, 0);
  });

  it('sends nothing when the user cancels the mentions prompt', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ inputs: ['hello', undefined] });
    assert.equal(await sendMessage(h.services), undefined);
    assert.equal(h.sim.requests.length, 0);
  });

  it('keeps a message that failed, copies it, and offers it again next time', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ inputs: ['important news', ''], actions: ['Copy Content'] });
    assert.equal(await sendMessage(h.services), undefined);
    assert.deepEqual(h.services.unsent.get(), { text: 'important news', language: MESSAGE_LANGUAGE, robotId: robot.id });
    assert.equal(h.ui.clipboard, 'important news');
    assert.match(h.ui.messages('error')[0], /HTTP 400/);

    h.ui.script({ inputs: ['important news', ''] });
    await sendMessage(h.services);
    assert.deepEqual(h.ui.prefills, [undefined, '', 'important news', '']);
    assert.equal(h.sim.messages[0].body.text.content, 'important news');
    assert.equal(h.services.unsent.get(), undefined);
  });

  it('keeps the typed text when the robot pick is cancelled, and offers it next time', async () => {
    await h.services.robots.add(h.drafts.plain);
    await h.services.robots.add(h.drafts.signed);
    await h.services.robots.setDefault(undefined);
    h.ui.script({ inputs: ['a long message'], picks: [undefined] });
    assert.equal(await sendMessage(h.services), undefined);
    assert.deepEqual(h.services.unsent.get(), { text: 'a long message', language: MESSAGE_LANGUAGE });

    h.ui.script({ inputs: ['a long message', ''], picks: ['Plain'] });
    await sendMessage(h.services);
    assert.deepEqual(h.ui.prefills, [undefined, 'a long message', '']);
    assert.equal(h.sim.messages[0].body.text.content, 'a long message');
    assert.equal(h.services.unsent.get(), undefined);
  });

  it('keeps the typed text when there is no robot yet and adding one is cancelled', async () => {
    h.ui.script({ inputs: ['first message'], actions: ['Add Robot…'], picks: [undefined] });
    assert.equal(await sendMessage(h.services), undefined);
    assert.deepEqual(h.services.unsent.get(), { text: 'first message', language: MESSAGE_LANGUAGE });
    assert.equal(h.sim.requests.length, 0);
  });

  it('keeps the typed text when the @mentions box is cancelled', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ inputs: ['hello team', undefined] });
    assert.equal(await sendMessage(h.services), undefined);
    h.ui.script({ inputs: [undefined] });
    await sendMessage(h.services);
    assert.deepEqual(h.ui.prefills, [undefined, '', 'hello team']);
    assert.deepEqual(h.services.unsent.get(), { text: 'hello team', language: MESSAGE_LANGUAGE });
  });

  it('blames a bad endpoint setting, not the robot: offers Open Settings, sends nothing, keeps the text', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    h.settings.endpoints.oapiBaseUrl = 'http://10.0.0.5:8080';
    h.ui.script({ inputs: ['hello', ''], actions: ['Open Settings'] });
    assert.equal(await sendMessage(h.services), undefined);
    assert.deepEqual(h.ui.shown, [
      {
        kind: 'error',
        message:
          'The setting dingtalk.oapiBaseUrl uses plain http to 10.0.0.5: only https is allowed, except for this machine (localhost, 127.0.0.1). Nothing was sent: correct the setting, then send again.',
        actions: ['Open Settings', 'Copy Content'],
      },
    ]);
    assert.deepEqual(h.ui.openedSettings, ['dingtalk.oapiBaseUrl']);
    assert.equal(h.sim.requests.length, 0);
    assert.deepEqual(h.services.unsent.get(), { text: 'hello', language: MESSAGE_LANGUAGE, robotId: robot.id });
  });

  it('checks the app API setting for an app robot only', async () => {
    await h.services.robots.add(h.drafts.plain);
    const app = await h.services.robots.add(h.drafts.app);
    h.settings.endpoints.apiBaseUrl = 'not a url';
    await sendMessage(h.services, { text: 'to the webhook robot' });
    assert.deepEqual(h.ui.messages('info'), ['Message sent to "Plain".']);
    await h.services.robots.setDefault(app.id);
    await sendMessage(h.services, { text: 'to the app robot' });
    assert.deepEqual(h.ui.messages('error'), ['The setting dingtalk.apiBaseUrl is not a valid URL. Nothing was sent: correct the setting, then send again.']);
    assert.equal(h.sim.messages.length, 1);
  });

  it('waits out DingTalk\'s throttle (130101), showing the wait in the progress, not an error', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    // Another window used up the robot's 20 messages a minute: this client's own limit cannot know.
    const other = h.newClient();
    const core = await h.services.robots.robot(robot.id, h.settings.endpoints);
    for (let i = 0; i < 20; i += 1) {
      await other.sendText(core, `filler ${i}`);
    }
    const result = await sendMessage(h.services, { text: 'after the throttle' });
    assert.equal(result?.parts, 1);
    const refused = h.sim.requests.filter((r) => (r.answer as { errcode?: number } | undefined)?.errcode === 130101);
    // One refusal, then nothing sent into the known 10-minute throttle: it resumes by itself when it ends.
    assert.equal(refused.length, 1);
    assert.deepEqual(h.ui.progress[0].messages, ['DingTalk asked to slow down; resuming in 600 s…']);
    assert.deepEqual(h.ui.messages('error'), []);
    assert.deepEqual(h.ui.messages('info'), ['Message sent to "Plain".']);
    assert.equal(h.sim.messages.length, 21);
    assert.equal(h.sim.messages[20].body.text.content, 'after the throttle');
    assert.ok(h.sim.messages[20].at - refused[0].at >= 10 * 60_000);
  });

  it('says while it waits out a gateway refusal without a stated wait (a 302 or a page) that a proxy may be in the way, and Cancel stops the wait', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'throttle', path: '/robot/send', form: 'redirect', times: 10 });
    let cancel: (() => void) | undefined;
    h.ui.onProgress = (stop) => (cancel = stop);
    const listening = h.services.onClientEvent((event) => event.type === 'rateLimited' && cancel?.());
    await sendMessage(h.services, { text: 'behind a login page' });
    listening.dispose();
    assert.deepEqual(h.ui.progress[0].messages, ['DingTalk\'s gateway refused the request (HTTP 302): a throttle, or a proxy in the way; trying again in 600 s…']);
    assert.equal(h.sim.requests.filter((r) => r.path === '/robot/send').length, 1, 'nothing more sent after Cancel');
    assert.equal(h.sim.messages.length, 0);
  });

  it('fails at once, keeping the content for Retry, when DingTalk asks to wait longer than a send waits', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'throttle', path: '/robot/send', form: 'gateway', wait: 45 });
    h.ui.script({ actions: [undefined] });
    await sendMessage(h.services, { text: 'not worth an hour' });
    const [shown] = h.ui.shown.filter((s) => s.kind === 'error');
    assert.match(shown.message, /^DingTalk asks to wait 45 minutes before this robot can send or be asked again\..*Your content is kept: Retry it later, from here or from the Sent History\.$/);
    assert.deepEqual(shown.actions, ['Retry', 'Copy Content']);
    assert.deepEqual(h.ui.progress[0].messages, [], 'no "resuming in 2700 s"');
    assert.equal(h.services.unsent.get()?.text, 'not worth an hour');
    assert.equal(h.sim.messages.length, 0);
  });

  it('does not offer content that failed in another command', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.services.unsent.keep({ text: '```ts\ncode\n```', language: 'markdown' });
    h.ui.script({ inputs: ['fresh', ''] });
    await sendMessage(h.services);
    assert.equal(h.ui.prefills[0], undefined);
  });

  it('adds the keyword a keyword robot needs, and says so', async () => {
    await h.services.robots.add(h.drafts.keyword);
    await sendMessage(h.services, { text: 'hello' });
    assert.equal(h.sim.messages[0].body.text.content, '【DingTalk】\n\nhello');
    assert.deepEqual(h.ui.messages('info'), ['Message sent to "Keyword". The robot\'s keyword "DingTalk" was added to it.']);
  });
});
