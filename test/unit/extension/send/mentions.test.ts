import { strict as assert } from 'node:assert';
import { reviewWithMentions, sendMentions } from '../../../../src/extension/send/mentions';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

describe('send/mentions: the @mentions and review prelude of every text send', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('the robot\'s defaults, for it and for another robot the send moves to (that one\'s own), none for an app robot', async () => {
    const team = await h.services.robots.add({ ...h.drafts.plain, mentions: { mobiles: ['13800000000'] } });
    const other = await h.services.robots.add({ ...h.drafts.signed, mentions: { userIds: ['ops'] } });
    const app = await h.services.robots.add(h.drafts.app);
    const mentions = await sendMentions(h.services, team);
    assert.ok(mentions);
    assert.deepEqual(mentions.for(team), { mobiles: ['13800000000'] });
    assert.deepEqual(mentions.for(other), { userIds: ['ops'] });
    assert.equal(mentions.for(app), undefined);
  });

  it('typed mentions (askForMentions) follow the send to another robot; a cancelled prompt stops it', async () => {
    const team = await h.services.robots.add(h.drafts.plain);
    const other = await h.services.robots.add({ ...h.drafts.signed, mentions: { userIds: ['ops'] } });
    h.settings.askForMentions = true;
    h.ui.script({ inputs: ['13900000000', undefined] });
    const typed = await sendMentions(h.services, team);
    assert.deepEqual(typed?.for(other), { mobiles: ['13900000000'] });
    assert.equal(await sendMentions(h.services, team), undefined);
  });

  it('given mentions (a send that switched form) are kept without asking again', async () => {
    const team = await h.services.robots.add(h.drafts.plain);
    h.settings.askForMentions = true;
    const given = await sendMentions(h.services, team, { at: { all: true }, typed: true });
    assert.deepEqual(given?.for(team), { all: true });
    assert.equal(h.ui.inputOptions.length, 0);
  });

  it('reviews the text with the mentions: the preview shows them, and the other form is told them', async () => {
    const team = await h.services.robots.add({ ...h.drafts.withFiles, mentions: { mobiles: ['13800000000'] } });
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send', 'other'] });
    const outgoing = { kind: 'selection' as const, title: () => 'a.ts:1', what: 'a.ts:1', text: 'hello' };
    const sent = await reviewWithMentions(h.services, team, outgoing);
    assert.equal(sent?.text, 'hello');
    assert.match(h.ui.previews[0].summary, /@13800000000/);
    let told: unknown;
    const switched = await reviewWithMentions(h.services, team, { ...outgoing, extra: { other: 'image' }, otherChosen: (m) => (told = m.at) });
    assert.equal(switched, undefined);
    assert.deepEqual(told, { mobiles: ['13800000000'] });
    assert.equal(h.ui.previews[1].other?.label, 'Send as Image');
  });
});
