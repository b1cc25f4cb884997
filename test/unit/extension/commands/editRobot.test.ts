import { strict as assert } from 'node:assert';
import { editRobot } from '../../../../src/extension/commands/editRobot';
import type { InputOptions } from '../../../../src/extension/ports';
import type { RobotDraft, RobotRecord } from '../../../../src/extension/robotStore';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { FAKE } from '../../../support/harness';

const WEBHOOK_FIELDS = ['Name', 'Webhook URL', 'Signing secret (加签)', 'Keywords (自定义关键词)', 'Files: AppKey and AppSecret', 'Default @mentions'];
const APP_FIELDS = ['Name', 'AppKey and AppSecret', 'robotCode', 'openConversationId'];

describe('editRobot', () => {
  let h: ExtensionHarness;
  let inputs: InputOptions[];
  beforeEach(async () => {
    h = await startExtensionHarness();
    inputs = h.ui.inputOptions;
  });
  afterEach(() => h.stop());

  const add = (draft: RobotDraft): Promise<RobotRecord> => h.services.robots.add(draft);
  const draftOf = (record: RobotRecord | undefined): Promise<RobotDraft> => h.services.robots.draft(record?.id ?? '');
  const stored = (): string => JSON.stringify([...h.state.values]);

  describe('choosing what to change', () => {
    it('offers the fields of a webhook robot, with their current values but no secret', async () => {
      const record = await add({ ...h.drafts.withFiles, secret: FAKE.secret, keywords: ['ci'], mentions: { all: true } });
      let offered: string[] = [];
      let descriptions: Array<string | undefined> = [];
      const pick = h.ui.pick.bind(h.ui);
      h.ui.pick = (items, options) => {
        descriptions = items.map((item) => item.description);
        return pick(items, options);
      };
      h.ui.script({ picks: [(labels) => ((offered = labels), undefined)] });
      assert.equal(await editRobot(h.services, record.id), undefined);
      assert.deepEqual(offered, WEBHOOK_FIELDS);
      assert.deepEqual(descriptions, ['Files', 'kept in secret storage', 'set', 'ci', FAKE.appKey, 'all']);
    });

    it('offers the fields of an app robot', async () => {
      const record = await add(h.drafts.app);
      let offered: string[] = [];
      h.ui.script({ picks: [(labels) => ((offered = labels), undefined)] });
      await editRobot(h.services, record.id);
      assert.deepEqual(offered, APP_FIELDS);
    });

    it('asks which robot when given none', async () => {
      await add(h.drafts.plain);
      const signed = await add(h.drafts.signed);
      h.ui.script({ picks: ['Signed', 'Name'], inputs: ['Signed twice'] });
      assert.equal((await editRobot(h.services))?.id, signed.id);
      assert.equal(h.ui.prompts[0], 'Edit which robot?');
      assert.equal(h.services.robots.get(signed.id)?.name, 'Signed twice');
    });

    it('asks which robot when the id it was given is gone', async () => {
      const plain = await add(h.drafts.plain);
      h.ui.script({ picks: ['Plain', undefined] });
      await editRobot(h.services, 'removed-meanwhile');
      assert.deepEqual(h.ui.prompts, ['Edit which robot?', 'What do you want to change?']);
      assert.ok(h.services.robots.get(plain.id));
    });

    it('offers to add a robot when there is none', async () => {
      h.ui.script({ actions: [undefined] });
      assert.equal(await editRobot(h.services), undefined);
      assert.deepEqual(h.ui.shown, [{ kind: 'info', message: 'No DingTalk robot yet.', actions: ['Add Robot…'] }]);
    });
  });

  describe('changing one thing', () => {
    it('renames, keeping every secret, and says so', async () => {
      const record = await add({ ...h.drafts.withFiles, secret: FAKE.secret });
      const before = await draftOf(record);
      h.ui.script({ picks: ['Name'], inputs: ['Renamed'] });
      const saved = await editRobot(h.services, record.id);
      assert.equal(inputs[0].value, 'Files');
      assert.equal(saved?.name, 'Renamed');
      assert.deepEqual(await draftOf(record), { ...before, name: 'Renamed' });
      assert.deepEqual(h.ui.messages('info'), ['Robot "Renamed" saved.']);
    });

    it('refuses another robot\'s name but lets a robot change the case of its own', async () => {
      const record = await add(h.drafts.plain);
      await add(h.drafts.signed);
      h.ui.script({ picks: ['Name'], inputs: ['SIGNED', 'PLAIN'] });
      await editRobot(h.services, record.id);
      assert.match(h.ui.refused[0].reason, /"SIGNED" already exists/);
      assert.equal(h.services.robots.get(record.id)?.name, 'PLAIN');
    });

    it('keeps the webhook URL for an empty answer, never showing it', async () => {
      const record = await add(h.drafts.signed);
      h.ui.script({ picks: ['Webhook URL'], inputs: [''] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[0].value, undefined);
      assert.equal((await draftOf(record)).webhook, h.drafts.signed.webhook);
    });

    it('replaces the webhook URL with a cleaned, checked one', async () => {
      const record = await add(h.drafts.plain);
      const url = h.sim.webhookUrl(FAKE.keywordToken);
      h.ui.script({ picks: ['Webhook URL'], inputs: ['https://example.com/x', ` “${url}” `] });
      await editRobot(h.services, record.id);
      assert.match(h.ui.refused[0].reason, /not a DingTalk robot webhook URL/);
      assert.equal((await draftOf(record)).webhook, url);
      assert.ok(!stored().includes(FAKE.keywordToken));
    });

    it('asks before taking a webhook URL to another host, and asks again on Cancel', async () => {
      const record = await add(h.drafts.plain);
      const typo = `https://oapi.dingtalk.con/robot/send?access_token=${FAKE.keywordToken}`;
      h.ui.script({ picks: ['Webhook URL'], inputs: [typo, undefined], actions: [undefined] });
      assert.equal(await editRobot(h.services, record.id), undefined);
      assert.deepEqual(h.ui.shown.map((s) => [s.kind, s.message.split('\n')[0], s.actions]), [
        ['confirm', "Sends will go to oapi.dingtalk.con, not DingTalk's oapi.dingtalk.com. Use it anyway?", ['Use It']],
      ]);
      assert.equal(inputs[1].value, typo, 'the URL is asked again, to be corrected');
      assert.equal((await draftOf(record)).webhook, h.drafts.plain.webhook);

      const gateway = `https://gateway.example.com/robot/send?access_token=${FAKE.keywordToken}`;
      h.ui.script({ picks: ['Webhook URL'], inputs: [gateway], actions: ['Use It'] });
      await editRobot(h.services, record.id);
      assert.equal((await draftOf(record)).webhook, gateway);
    });

    it('keeps the signing secret for an empty password', async () => {
      const record = await add(h.drafts.signed);
      h.ui.script({ picks: ['Signing secret (加签)', 'Replace the signing secret'], inputs: [''] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[0].password, true);
      assert.equal(inputs[0].value, undefined);
      assert.equal((await draftOf(record)).secret, FAKE.secret);
    });

    it('replaces the signing secret, refusing one without SEC', async () => {
      const record = await add(h.drafts.signed);
      const other = `SECtest${'f'.repeat(57)}`;
      h.ui.script({ picks: ['Signing secret (加签)', 'Replace the signing secret'], inputs: ['nope', other] });
      await editRobot(h.services, record.id);
      assert.match(h.ui.refused[0].reason, /starts with "SEC"/);
      assert.equal((await draftOf(record)).secret, other);
    });

    it('removes the signing secret from SecretStorage', async () => {
      const record = await add(h.drafts.signed);
      h.ui.script({ picks: ['Signing secret (加签)', 'Remove the signing secret (signing was turned off in DingTalk)'] });
      await editRobot(h.services, record.id);
      assert.equal(h.services.robots.get(record.id)?.signed, undefined);
      assert.ok(![...h.secrets.values.values()].some((v) => v.includes(FAKE.secret)));
      assert.equal((await draftOf(record)).webhook, h.drafts.signed.webhook);
    });

    it('sets a signing secret on a robot without one', async () => {
      const record = await add(h.drafts.plain);
      h.ui.script({ picks: ['Signing secret (加签)'], inputs: [FAKE.secret] });
      await editRobot(h.services, record.id);
      assert.equal(h.services.robots.get(record.id)?.signed, true);
    });

    it('edits the keywords from their current list, and clears them', async () => {
      const record = await add(h.drafts.keyword);
      h.ui.script({ picks: ['Keywords (自定义关键词)'], inputs: ['DingTalk, 发布'] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[0].value, 'DingTalk');
      assert.deepEqual(h.services.robots.get(record.id)?.keywords, ['DingTalk', '发布']);
      h.ui.script({ picks: ['Keywords (自定义关键词)'], inputs: [''] });
      await editRobot(h.services, record.id);
      assert.equal(h.services.robots.get(record.id)?.keywords, undefined);
    });

    it('adds app credentials for files, both required', async () => {
      const record = await add(h.drafts.plain);
      h.ui.script({ picks: ['Files: AppKey and AppSecret'], inputs: [FAKE.appKey, '', FAKE.appSecret] });
      await editRobot(h.services, record.id);
      assert.match(h.ui.refused[0].reason, /needs its AppSecret/);
      assert.equal(h.services.robots.get(record.id)?.appKey, FAKE.appKey);
      assert.equal((await draftOf(record)).appSecret, FAKE.appSecret);
      assert.ok(!stored().includes(FAKE.appSecret));
    });

    it('keeps the AppSecret for an empty password while the AppKey stays the same', async () => {
      const record = await add(h.drafts.withFiles);
      h.ui.script({ picks: ['Files: AppKey and AppSecret', 'Change the AppKey and AppSecret'], inputs: [FAKE.appKey, ''] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[0].value, FAKE.appKey);
      assert.deepEqual(inputs.map((i) => Boolean(i.password)), [false, true]);
      assert.equal((await draftOf(record)).appSecret, FAKE.appSecret);
    });

    it('needs a new AppSecret with a new AppKey', async () => {
      const record = await add(h.drafts.withFiles);
      const otherSecret = `testappsecret${'1'.repeat(51)}`;
      h.ui.script({ picks: ['Files: AppKey and AppSecret', 'Change the AppKey and AppSecret'], inputs: ['dingtestotherkey', '', otherSecret] });
      await editRobot(h.services, record.id);
      assert.equal(h.ui.refused.length, 1);
      assert.deepEqual([(await draftOf(record)).appKey, (await draftOf(record)).appSecret], ['dingtestotherkey', otherSecret]);
    });

    it('removes the app credentials', async () => {
      const record = await add(h.drafts.withFiles);
      h.ui.script({ picks: ['Files: AppKey and AppSecret', 'Remove them (the robot no longer sends files)'] });
      await editRobot(h.services, record.id);
      assert.equal(h.services.robots.get(record.id)?.appKey, undefined);
      assert.ok(![...h.secrets.values.values()].some((v) => v.includes(FAKE.appSecret)));
    });

    it('edits the default @mentions from their current value', async () => {
      const record = await add({ ...h.drafts.plain, mentions: { mobiles: ['13800000000'] } });
      h.ui.script({ picks: ['Default @mentions'], inputs: ['13800000000, dev01'] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[0].value, '13800000000');
      assert.deepEqual(h.services.robots.get(record.id)?.mentions, { mobiles: ['13800000000'], userIds: ['dev01'] });
    });

    it('changes an app robot\'s credentials, robotCode and group', async () => {
      const record = await add(h.drafts.app);
      h.ui.script({ picks: ['AppKey and AppSecret'], inputs: [FAKE.appKey, ''] });
      await editRobot(h.services, record.id);
      assert.equal((await draftOf(record)).appSecret, FAKE.appSecret);
      h.ui.script({ picks: ['robotCode'], inputs: ['dingtestother'] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[2].value, FAKE.robotCode);
      h.ui.script({ picks: ['openConversationId'], inputs: ['', 'cidOther=='] });
      await editRobot(h.services, record.id);
      assert.equal(inputs[3].value, FAKE.conversation);
      assert.match(h.ui.refused[0].reason, /needs its openConversationId/);
      assert.deepEqual(h.services.robots.get(record.id), { ...record, robotCode: 'dingtestother', openConversationId: 'cidOther==' });
    });
  });

  describe('cancelling', () => {
    const cases: Array<[string, () => void]> = [
      ['the robot pick', () => h.ui.script({ picks: [undefined] })],
      ['the field pick', () => h.ui.script({ picks: ['Plain', undefined] })],
      ['an input', () => h.ui.script({ picks: ['Plain', 'Name'], inputs: [undefined] })],
      ['the replace-or-remove pick', () => h.ui.script({ picks: ['Plain', 'Signing secret (加签)', undefined] })],
      ['a password', () => h.ui.script({ picks: ['Plain', 'Signing secret (加签)', 'Replace the signing secret'], inputs: [undefined] })],
    ];
    for (const [step, script] of cases) {
      it(`changes nothing when cancelled at ${step}`, async () => {
        await add({ ...h.drafts.signed, name: 'Plain' });
        const state = stored();
        const secrets = JSON.stringify([...h.secrets.values]);
        script();
        assert.equal(await editRobot(h.services), undefined);
        assert.equal(stored(), state);
        assert.equal(JSON.stringify([...h.secrets.values]), secrets);
        assert.deepEqual(h.ui.shown, []);
      });
    }
  });

  describe('a robot whose secrets are missing here', () => {
    it('asks for the webhook URL, the signing secret and the AppSecret again, then sends', async () => {
      const record = await add({ ...h.drafts.signed, appKey: FAKE.appKey, appSecret: FAKE.appSecret });
      h.secrets.values.clear();
      h.ui.script({ inputs: [h.drafts.signed.webhook, FAKE.secret, FAKE.appSecret] });
      const saved = await editRobot(h.services, record.id);
      assert.equal(saved?.signed, true);
      assert.deepEqual(inputs.map((i) => Boolean(i.password)), [true, true, true]);
      assert.match(inputs[0].title ?? '', /secrets are missing on this computer/);
      await h.client.sendText(await h.services.robots.robot(record.id, h.settings.endpoints), 'back again');
      assert.equal(h.sim.messages.length, 1);
    });

    it('does not take an empty signing secret for a signed robot without asking whether signing is off', async () => {
      const record = await add(h.drafts.signed);
      h.secrets.values.clear();
      h.ui.script({ inputs: [h.drafts.signed.webhook, '', FAKE.secret], actions: [undefined] });
      const saved = await editRobot(h.services, record.id);
      assert.match(inputs[1].prompt, /leave empty only if signing was turned off/);
      assert.doesNotMatch(inputs[1].prompt, /Leave empty if the robot does not sign/);
      assert.deepEqual(h.ui.shown.filter((s) => s.kind === 'confirm').map((s) => [s.message.split('\n')[0], s.actions]), [
        ['Save "Signed" without a signing secret?', ['Signing Is Off']],
      ]);
      assert.deepEqual(inputs.map((i) => Boolean(i.password)), [true, true, true], 'the secret was asked again after Cancel');
      assert.equal(saved?.signed, true);
      await h.client.sendText(await h.services.robots.robot(record.id, h.settings.endpoints), 'signed again');
      assert.ok(h.sim.requests.at(-1)?.query.sign, 'the send was signed');
      assert.equal(h.sim.messages.length, 1);
    });

    it('stores a signed robot unsigned only once the user says signing was turned off', async () => {
      const record = await add(h.drafts.signed);
      h.secrets.values.clear();
      h.ui.script({ inputs: [h.drafts.signed.webhook, ''], actions: ['Signing Is Off'] });
      const saved = await editRobot(h.services, record.id);
      assert.equal(saved?.signed, undefined);
      assert.equal((await draftOf(record)).secret, undefined);
      assert.equal((await draftOf(record)).webhook, h.drafts.signed.webhook);
    });

    it('stores nothing when the signing secret is cancelled', async () => {
      const record = await add(h.drafts.signed);
      h.secrets.values.clear();
      h.ui.script({ inputs: [h.drafts.signed.webhook, '', undefined], actions: [undefined] });
      assert.equal(await editRobot(h.services, record.id), undefined);
      assert.equal(h.secrets.values.size, 0);
      assert.equal(h.services.robots.get(record.id)?.signed, true);
    });

    it('asks an app robot for its AppSecret again', async () => {
      const record = await add(h.drafts.app);
      h.secrets.values.clear();
      h.ui.script({ inputs: [FAKE.appSecret] });
      await editRobot(h.services, record.id);
      assert.equal((await draftOf(record)).appSecret, FAKE.appSecret);
    });

    it('stores nothing when cancelled', async () => {
      const record = await add(h.drafts.plain);
      h.secrets.values.clear();
      h.ui.script({ inputs: [undefined] });
      assert.equal(await editRobot(h.services, record.id), undefined);
      assert.equal(h.secrets.values.size, 0);
    });
  });
});
