import { strict as assert } from 'node:assert';
import { formatMentions, mentionsForSend, parseMentions } from '../../../src/extension/mentions';
import { startExtensionHarness, type ExtensionHarness } from '../../support/extensionHarness';

describe('mentions', () => {
  describe('parseMentions', () => {
    it('sorts mobiles, user ids and @all, whatever separators and prefixes people type', () => {
      assert.deepEqual(parseMentions('13800000000, @user123；+86 13900000001 ，all'), {
        mobiles: ['13800000000', '13900000001'],
        userIds: ['user123'],
        all: true,
      });
      assert.deepEqual(parseMentions('@所有人'), { all: true });
      assert.deepEqual(parseMentions('138-0000-0000 138-0000-0000'), { mobiles: ['13800000000'] });
    });

    it('gives nothing for an empty answer', () => {
      assert.equal(parseMentions('  , ，'), undefined);
    });

    it('round-trips through formatMentions', () => {
      const mentions = { mobiles: ['13800000000'], userIds: ['manager01'], all: true };
      assert.deepEqual(parseMentions(formatMentions(mentions)), mentions);
    });
  });

  describe('mentionsForSend', () => {
    let h: ExtensionHarness;
    beforeEach(async () => {
      h = await startExtensionHarness();
    });
    afterEach(() => h.stop());

    it('uses the robot\'s defaults without asking, and asks prefilled with them when told to', async () => {
      const robot = await h.services.robots.add({ ...h.drafts.plain, mentions: { mobiles: ['13800000000'] } });
      assert.deepEqual(await mentionsForSend(h.services, robot, false), { mobiles: ['13800000000'] });
      h.ui.script({ inputs: ['13800000000, dev01'] });
      assert.deepEqual(await mentionsForSend(h.services, robot, true), { mobiles: ['13800000000'], userIds: ['dev01'] });
      h.ui.script({ inputs: [undefined] });
      assert.equal(await mentionsForSend(h.services, robot, true), null);
    });

    it('never asks for an app robot, which cannot @mention in a group', async () => {
      const robot = await h.services.robots.add(h.drafts.app);
      assert.equal(await mentionsForSend(h.services, robot, true), undefined);
      assert.deepEqual(h.ui.prompts, []);
    });
  });
});
