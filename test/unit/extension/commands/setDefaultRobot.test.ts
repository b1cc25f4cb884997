import { strict as assert } from 'node:assert';
import { setDefaultRobot } from '../../../../src/extension/commands/setDefaultRobot';
import { pickRobot } from '../../../../src/extension/robotPicker';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

describe('setDefaultRobot', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('makes the picked robot the one sends go to', async () => {
    await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    h.ui.script({ picks: ['Signed'] });
    assert.equal((await setDefaultRobot(h.services))?.id, signed.id);
    assert.equal(h.state.get('dingtalk.defaultRobotId'), signed.id);
    assert.equal((await pickRobot(h.services))?.id, signed.id);
    assert.deepEqual(h.ui.messages('info'), ['"Signed" is now the default robot.']);
  });

  it('asks nothing when given an id', async () => {
    await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    await setDefaultRobot(h.services, signed.id);
    assert.deepEqual(h.ui.prompts, []);
    assert.equal(h.services.robots.defaultRobot()?.id, signed.id);
  });

  it('says when this workspace prefers another robot through dingtalk.defaultRobot', async () => {
    await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    h.settings.defaultRobot = 'plain';
    await setDefaultRobot(h.services, signed.id);
    assert.equal(h.state.get('dingtalk.defaultRobotId'), signed.id);
    assert.deepEqual(h.ui.shown, [
      {
        kind: 'warn',
        message: '"Signed" is now your default robot, but this workspace prefers "Plain" (setting dingtalk.defaultRobot), so sends from this workspace still go to "Plain".',
        actions: [],
      },
    ]);
  });

  it('says nothing more when the workspace prefers the same robot, or one the user does not have', async () => {
    await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    h.settings.defaultRobot = 'Signed';
    await setDefaultRobot(h.services, signed.id);
    h.settings.defaultRobot = 'Not one of mine';
    await setDefaultRobot(h.services, signed.id);
    assert.deepEqual(h.ui.shown.map((s) => s.kind), ['info', 'info']);
  });

  it('changes nothing when the pick is cancelled', async () => {
    const plain = await h.services.robots.add(h.drafts.plain);
    await h.services.robots.add(h.drafts.signed);
    h.ui.script({ picks: [undefined] });
    assert.equal(await setDefaultRobot(h.services), undefined);
    assert.equal(h.services.robots.defaultRobot()?.id, plain.id);
    assert.deepEqual(h.ui.shown, []);
  });

  it('can go back to asking on every send', async () => {
    await h.services.robots.add(h.drafts.plain);
    await h.services.robots.add(h.drafts.signed);
    let offered: string[] = [];
    h.ui.script({
      picks: [
        (labels) => {
          offered = labels;
          return 'Ask Every Time';
        },
        'Signed',
      ],
    });
    assert.equal(await setDefaultRobot(h.services), undefined);
    assert.deepEqual(offered, ['Plain', 'Signed', 'Ask Every Time']);
    assert.equal(h.services.robots.defaultRobot(), undefined);
    assert.equal((await pickRobot(h.services))?.name, 'Signed');
  });
});
