import { strict as assert } from 'node:assert';
import { RobotStore } from '../../../src/extension/robotStore';
import { catchAsync } from '../../support/catch';
import { startExtensionHarness, type ExtensionHarness } from '../../support/extensionHarness';
import { FAKE } from '../../support/harness';

describe('RobotStore', () => {
  let h: ExtensionHarness;
  let time: number;
  let store: RobotStore;
  beforeEach(async () => {
    h = await startExtensionHarness();
    time = 1_000;
    store = new RobotStore(h.state, h.secrets, () => time);
  });
  afterEach(() => h.stop());

  const stateJson = (): string => JSON.stringify([...h.state.values]);
  const defaultId = (): unknown => h.state.get('dingtalk.defaultRobotId');

  describe('adding', () => {
    it('keeps names in globalState and the webhook, secret and AppSecret only in SecretStorage', async () => {
      const record = await store.add({ ...h.drafts.signed, appKey: FAKE.appKey, appSecret: FAKE.appSecret, keywords: ['ci'] });
      assert.deepEqual(store.list(), [{ id: record.id, name: 'Signed', kind: 'webhook', keywords: ['ci'], appKey: FAKE.appKey, signed: true }]);
      for (const secret of [FAKE.signedToken, FAKE.secret, FAKE.appSecret]) {
        assert.ok(!stateJson().includes(secret));
      }
      assert.deepEqual(JSON.parse(h.secrets.values.get(`dingtalk.robot.${record.id}`) ?? ''), {
        webhook: h.drafts.signed.webhook,
        secret: FAKE.secret,
        appSecret: FAKE.appSecret,
      });
    });

    it('makes the first robot the default, and not the next ones', async () => {
      const first = await store.add(h.drafts.plain);
      await store.add(h.drafts.signed);
      assert.equal(store.defaultRobot()?.id, first.id);
    });

    it('refuses a name that exists, ignoring case and spaces, and stores nothing', async () => {
      await store.add(h.drafts.plain);
      const error = await catchAsync(store.add({ ...h.drafts.signed, name: '  PLAIN ' }));
      assert.equal(error.code, 'duplicateName');
      assert.equal(store.list().length, 1);
      assert.equal(h.secrets.values.size, 1);
    });

    it('refuses a robot the core would refuse, and an app robot without a group, storing nothing', async () => {
      assert.equal((await catchAsync(store.add({ ...h.drafts.plain, webhook: 'https://example.com/hook' }))).code, 'notRobotWebhook');
      assert.equal((await catchAsync(store.add({ ...h.drafts.signed, secret: 'abc' }))).code, 'invalidSecret');
      assert.equal((await catchAsync(store.add({ ...h.drafts.app, openConversationId: undefined }))).code, 'missingConversation');
      assert.equal((await catchAsync(store.add({ ...h.drafts.plain, name: ' ' }))).code, 'missingName');
      assert.equal(h.state.values.size, 0);
      assert.equal(h.secrets.values.size, 0);
    });
  });

  describe('the default robot', () => {
    it('prefers the robot the workspace names (ignoring case), among the user\'s own robots only', async () => {
      const plain = await store.add(h.drafts.plain);
      const signed = await store.add(h.drafts.signed);
      assert.equal(store.defaultRobot(' SIGNED ')?.id, signed.id);
      assert.equal(store.defaultRobot('Not mine')?.id, plain.id);
      assert.equal(store.defaultRobot()?.id, plain.id);
    });

    it('can be set and cleared', async () => {
      await store.add(h.drafts.plain);
      const signed = await store.add(h.drafts.signed);
      await store.setDefault(signed.id);
      assert.equal(store.defaultRobot()?.id, signed.id);
      await store.setDefault(undefined);
      assert.equal(store.defaultRobot(), undefined);
      assert.equal(defaultId(), undefined);
    });

    it('moves to the most recently used robot when the default is removed', async () => {
      const plain = await store.add(h.drafts.plain);
      const signed = await store.add(h.drafts.signed);
      const keyword = await store.add(h.drafts.keyword);
      await store.touch(signed.id);
      time += 10;
      await store.touch(keyword.id);
      await store.remove(plain.id);
      assert.equal(store.defaultRobot()?.id, keyword.id);
    });

    it('stays when another robot is removed, and is gone with the last robot', async () => {
      const plain = await store.add(h.drafts.plain);
      const signed = await store.add(h.drafts.signed);
      await store.remove(signed.id);
      assert.equal(defaultId(), plain.id);
      await store.remove(plain.id);
      assert.equal(defaultId(), undefined);
      assert.deepEqual(store.list(), []);
    });
  });

  describe('recent use', () => {
    it('orders robots by last use, never-used ones last, and keeps the time through an edit', async () => {
      const plain = await store.add(h.drafts.plain);
      const signed = await store.add(h.drafts.signed);
      const keyword = await store.add(h.drafts.keyword);
      time = 5_000;
      await store.touch(plain.id);
      time = 6_000;
      await store.touch(keyword.id);
      assert.deepEqual(store.recent().map((r) => r.name), ['Keyword', 'Plain', 'Signed']);
      await store.update(plain.id, { ...h.drafts.plain, name: 'Renamed' });
      assert.equal(store.get(plain.id)?.lastUsed, 5_000);
      assert.deepEqual(store.recent().map((r) => r.id), [keyword.id, plain.id, signed.id]);
    });
  });

  describe('updating', () => {
    it('replaces the secrets: a removed signing secret is gone from SecretStorage', async () => {
      const record = await store.add(h.drafts.signed);
      await store.update(record.id, { ...h.drafts.signed, secret: undefined });
      assert.equal(store.get(record.id)?.signed, undefined);
      assert.ok(!h.secrets.values.get(`dingtalk.robot.${record.id}`)?.includes(FAKE.secret));
    });

    it('lets a robot keep its name and refuses another robot\'s', async () => {
      const plain = await store.add(h.drafts.plain);
      await store.add(h.drafts.signed);
      await store.update(plain.id, { ...h.drafts.plain, name: 'PLAIN' });
      assert.deepEqual(store.get(plain.id), { id: plain.id, name: 'PLAIN', kind: 'webhook' }, 'no lastUsed: undefined left behind');
      assert.equal((await catchAsync(store.update(plain.id, { ...h.drafts.plain, name: 'signed' }))).code, 'duplicateName');
    });

    it('refuses a robot that no longer exists', async () => {
      assert.equal((await catchAsync(store.update('gone', h.drafts.plain))).code, 'unknownRobot');
    });
  });

  describe('missing secrets', () => {
    it('gives a draft without them, and refuses to send with a message saying to edit the robot', async () => {
      const record = await store.add(h.drafts.withFiles);
      h.secrets.values.clear();
      assert.deepEqual(await store.draft(record.id), { kind: 'webhook', name: 'Files', appKey: FAKE.appKey });
      const error = await catchAsync(store.robot(record.id));
      assert.equal(error.code, 'secretsMissing');
      assert.match(error.message, /Edit the robot/);
    });
  });

  describe('damaged secrets', () => {
    for (const [what, stored] of [['not JSON', '{"webhook": "https://oapi.ding'], ['JSON of another shape', '["a"]'], ['a field of the wrong type', '{"webhook": 42}']]) {
      it(`says to re-enter the robot's secrets (Edit Robot) for ${what}, and still gives a draft to edit`, async () => {
        const record = await store.add(h.drafts.withFiles);
        h.secrets.values.set(`dingtalk.robot.${record.id}`, stored);
        const error = await catchAsync(store.robot(record.id));
        assert.equal(error.code, 'secretsMissing');
        assert.equal(error.message, 'This robot\'s secrets in VS Code\'s secret storage are damaged and cannot be read. Re-enter this robot\'s secrets (Edit Robot).');
        assert.deepEqual(await store.draft(record.id), { kind: 'webhook', name: 'Files', appKey: FAKE.appKey });
        await store.update(record.id, h.drafts.withFiles);
        assert.equal((await store.robot(record.id)).kind, 'webhook');
      });
    }
  });

  describe('removing', () => {
    it('deletes the robot\'s secrets with it', async () => {
      const plain = await store.add(h.drafts.plain);
      const signed = await store.add(h.drafts.signed);
      await store.remove(signed.id);
      assert.deepEqual([...h.secrets.values.keys()], [`dingtalk.robot.${plain.id}`]);
    });
  });

  it('tells listeners about every change', async () => {
    let changes = 0;
    const subscription = store.onDidChange(() => (changes += 1));
    const record = await store.add(h.drafts.plain);
    await store.update(record.id, { ...h.drafts.plain, name: 'Other' });
    await store.setDefault(undefined);
    await store.remove(record.id);
    subscription.dispose();
    await store.add(h.drafts.plain);
    assert.equal(changes, 4);
  });
});
