import { strict as assert } from 'node:assert';
import { pickRobot } from '../../../src/extension/robotPicker';
import { startExtensionHarness, type ExtensionHarness } from '../../support/extensionHarness';

describe('pickRobot', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('offers to add a robot when there is none, and gives nothing when the user declines', async () => {
    h.ui.script({ actions: [undefined] });
    assert.equal(await pickRobot(h.services), undefined);
    assert.deepEqual(h.ui.shown, [{ kind: 'warn', message: 'No DingTalk robot yet. Add one to start sending.', actions: ['Add Robot…'] }]);
  });

  it('sends to the default robot without asking', async () => {
    const first = await h.services.robots.add(h.drafts.plain);
    await h.services.robots.add(h.drafts.signed);
    assert.equal((await pickRobot(h.services))?.id, first.id);
    assert.deepEqual(h.ui.prompts, []);
  });

  it('prefers the robot the workspace names, among the user\'s own robots only', async () => {
    await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    h.settings.defaultRobot = 'signed';
    assert.equal((await pickRobot(h.services))?.id, signed.id);
    h.settings.defaultRobot = 'Somebody else\'s robot';
    assert.equal((await pickRobot(h.services))?.name, 'Plain');
  });

  it('asks, the most recently used robot first, when there is no default', async () => {
    const plain = await h.services.robots.add(h.drafts.plain);
    const signed = await h.services.robots.add(h.drafts.signed);
    await h.services.robots.setDefault(undefined);
    await h.services.robots.touch(plain.id);
    h.clock.advance(1_000);
    await h.services.robots.touch(signed.id);
    let offered: string[] = [];
    h.ui.script({
      picks: [
        (labels) => {
          offered = labels;
          return 'Plain';
        },
      ],
    });
    assert.equal((await pickRobot(h.services))?.id, plain.id);
    assert.deepEqual(offered, ['Signed', 'Plain', 'Add Robot…']);
  });
});
