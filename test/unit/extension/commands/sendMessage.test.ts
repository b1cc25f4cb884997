import { strict as assert } from 'node:assert';
import { MESSAGE_LANGUAGE, sendMessage } from '../../../../src/extension/commands/sendMessage';
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
    assert.deepEqual(h.services.unsent, { text: 'important news', language: MESSAGE_LANGUAGE, robotId: robot.id });
    assert.equal(h.ui.clipboard, 'important news');
    assert.match(h.ui.messages('error')[0], /HTTP 400/);

    h.ui.script({ inputs: ['important news', ''] });
    await sendMessage(h.services);
    assert.deepEqual(h.ui.prefills, [undefined, '', 'important news', '']);
    assert.equal(h.sim.messages[0].body.text.content, 'important news');
    assert.equal(h.services.unsent, undefined);
  });

  it('does not offer content that failed in another command', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.services.unsent = { text: '```ts\ncode\n```', language: 'markdown' };
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
