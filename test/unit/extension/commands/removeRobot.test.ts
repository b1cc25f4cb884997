import { strict as assert } from 'node:assert';
import { removeRobot } from '../../../../src/extension/commands/removeRobot';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { FAKE } from '../../../support/harness';

describe('removeRobot', () => {
  let h: ExtensionHarness;
  let time: number;
  beforeEach(async () => {
    time = 1_000;
    h = await startExtensionHarness({ robotsNow: () => time });
  });
  afterEach(() => h.stop());

  it('asks in a modal naming the robot, then deletes it and its secrets', async () => {
    const record = await h.services.robots.add({ ...h.drafts.signed, appKey: FAKE.appKey, appSecret: FAKE.appSecret });
    h.ui.script({ actions: ['Remove'] });
    assert.equal(await removeRobot(h.services, record.id), true);
    assert.equal(h.ui.shown[0].kind, 'confirm');
    assert.match(h.ui.shown[0].message, /^Remove the robot "Signed"\?\n.*secrets are deleted/);
    assert.deepEqual(h.ui.shown[0].actions, ['Remove']);
    assert.deepEqual(h.services.robots.list(), []);
    assert.equal(h.secrets.values.has(`dingtalk.robot.${record.id}`), false);
    assert.equal(h.secrets.values.size, 0);
    assert.deepEqual(h.ui.messages('info'), ['Robot "Signed" removed.']);
  });

  it('keeps everything when the user cancels', async () => {
    const record = await h.services.robots.add(h.drafts.plain);
    h.ui.script({ actions: [undefined] });
    assert.equal(await removeRobot(h.services, record.id), false);
    assert.ok(h.services.robots.get(record.id));
    assert.ok(h.secrets.values.has(`dingtalk.robot.${record.id}`));
    assert.equal(h.ui.messages('info').length, 0);
  });

  it('moves the default to the most recently used robot, and says so', async () => {
    const plain = await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    const keyword = await h.services.robots.add(h.drafts.keyword);
    await h.services.robots.touch(signed.id);
    time += 10;
    await h.services.robots.touch(keyword.id);
    h.ui.script({ actions: ['Remove'] });
    await removeRobot(h.services, plain.id);
    assert.equal(h.services.robots.defaultRobot()?.id, keyword.id);
    assert.deepEqual(h.ui.messages('info'), ['Robot "Plain" removed. "Keyword" is now the default robot.']);
  });

  it('leaves the default alone when another robot goes', async () => {
    const plain = await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    h.ui.script({ actions: ['Remove'] });
    await removeRobot(h.services, signed.id);
    assert.equal(h.services.robots.defaultRobot()?.id, plain.id);
    assert.deepEqual(h.ui.messages('info'), ['Robot "Signed" removed.']);
  });

  it('asks which robot when given none', async () => {
    await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    h.ui.script({ picks: ['Signed'], actions: ['Remove'] });
    assert.equal(await removeRobot(h.services), true);
    assert.equal(h.ui.prompts[0], 'Remove which robot?');
    assert.equal(h.services.robots.get(signed.id), undefined);
  });

  it('removes nothing when the pick is cancelled, or there is no robot', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ picks: [undefined] });
    assert.equal(await removeRobot(h.services), false);
    assert.equal(h.services.robots.list().length, 1);
    await h.services.robots.remove(h.services.robots.list()[0].id);
    assert.equal(await removeRobot(h.services), false);
    assert.deepEqual(h.ui.shown, [{ kind: 'info', message: 'No DingTalk robot yet.', actions: ['Add Robot…'] }]);
  });
});
