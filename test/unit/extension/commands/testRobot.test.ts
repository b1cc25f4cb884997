import { strict as assert } from 'node:assert';
import { errorFromServer } from '../../../../src/core/errors';
import { testRefusal, testRobot, type TestRefusal } from '../../../../src/extension/commands/testRobot';
import type { RobotDraft, RobotRecord } from '../../../../src/extension/robotStore';
import { catchAsync } from '../../../support/catch';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { FAKE } from '../../../support/harness';

const WRONG_SECRET = `SECtest${'f'.repeat(57)}`;
const WRONG_APP_SECRET = `testappsecret${'f'.repeat(51)}`;

interface RefusalCase {
  what: string;
  /** Configures the simulator (DingTalk's side) and gives the robot as the user stored it. */
  setup(h: ExtensionHarness): RobotDraft;
  refusal: TestRefusal;
  /** The message before the core's advice. */
  heading: (name: string) => string;
  actions: string[];
}

const EDIT = ['Edit Robot', 'Test Again'];
const AGAIN = ['Test Again'];
const security = (setting: string) => (name: string) => `Test of "${name}" failed — security setting “${setting}”: `;
const field = (label: string) => (name: string) => `Test of "${name}" failed — robot setting “${label}”: `;
const plainFailure = (name: string): string => `Test of "${name}" failed: `;

const CASES: RefusalCase[] = [
  {
    what: 'a keyword the robot does not know',
    setup: (h) => {
      h.sim.addWebhookRobot({ accessToken: FAKE.token, keywords: ['发布'] });
      return h.drafts.plain;
    },
    refusal: 'keyword',
    heading: security('Custom keywords (自定义关键词)'),
    actions: EDIT,
  },
  {
    what: 'a wrong signing secret',
    setup: (h) => ({ ...h.drafts.signed, secret: WRONG_SECRET }),
    refusal: 'sign',
    heading: security('Additional signature (加签)'),
    actions: EDIT,
  },
  {
    what: 'a missing signing secret',
    setup: (h) => ({ ...h.drafts.signed, secret: undefined }),
    refusal: 'sign',
    heading: security('Additional signature (加签)'),
    actions: EDIT,
  },
  {
    what: 'a clock more than an hour off',
    setup: (h) => {
      h.sim.shiftClock(2 * 3600_000);
      return h.drafts.signed;
    },
    refusal: 'clock',
    heading: security('Additional signature (加签)'),
    actions: AGAIN,
  },
  {
    what: 'an IP address outside the allow-list',
    setup: (h) => {
      h.sim.addWebhookRobot({ accessToken: FAKE.token, ipAllowList: ['10.0.0.1'] });
      return h.drafts.plain;
    },
    refusal: 'ip',
    heading: security('IP address (range) (IP地址（段）)'),
    actions: AGAIN,
  },
  {
    what: 'a disabled robot',
    setup: (h) => {
      h.sim.addWebhookRobot({ accessToken: FAKE.token, disabled: true });
      return h.drafts.plain;
    },
    refusal: 'disabled',
    heading: plainFailure,
    actions: AGAIN,
  },
  {
    what: 'a dissolved group',
    setup: (h) => {
      h.sim.addWebhookRobot({ accessToken: FAKE.token, dissolved: true });
      return h.drafts.plain;
    },
    refusal: 'dissolved',
    heading: field('Webhook URL'),
    actions: EDIT,
  },
  {
    what: 'an access token DingTalk does not know',
    setup: (h) => ({ ...h.drafts.plain, webhook: h.sim.webhookUrl('not-a-robot') }),
    refusal: 'token',
    heading: field('Webhook URL'),
    actions: EDIT,
  },
  {
    what: 'a wrong AppSecret',
    setup: (h) => ({ ...h.drafts.app, appSecret: WRONG_APP_SECRET }),
    refusal: 'appCredentials',
    heading: field('AppKey and AppSecret'),
    actions: EDIT,
  },
  {
    what: 'a robotCode the app does not have',
    setup: (h) => ({ ...h.drafts.app, robotCode: 'dingtestunknown' }),
    refusal: 'robotCode',
    heading: field('robotCode'),
    actions: EDIT,
  },
  {
    what: 'a group the robot is not in',
    setup: (h) => ({ ...h.drafts.app, openConversationId: 'cidUnknown==' }),
    refusal: 'conversation',
    heading: field('openConversationId'),
    actions: EDIT,
  },
  {
    what: 'DingTalk being down',
    setup: (h) => {
      h.sim.inject({ kind: 'status', status: 503, times: 100 });
      return h.drafts.plain;
    },
    refusal: 'other',
    heading: plainFailure,
    actions: AGAIN,
  },
];

describe('testRobot', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  const add = (draft: RobotDraft): Promise<RobotRecord> => h.services.robots.add(draft);
  /** What the core throws for this robot, straight from the simulator. */
  const sendError = async (record: RobotRecord) =>
    catchAsync(h.services.robots.robot(record.id, h.settings.endpoints).then((robot) => h.client.sendText(robot, 'probe')));

  describe('success', () => {
    it('sends a short text naming the robot, under a progress notification, and says so', async () => {
      const record = await add(h.drafts.plain);
      assert.equal(await testRobot(h.services, record.id), true);
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].type, 'text');
      assert.match(h.sim.messages[0].body.text.content, /^DingTalk Sender test message ✅ Robot "Plain" works \(.+\)\.$/);
      assert.deepEqual(h.ui.progress.map((p) => p.title), ['Testing robot "Plain"…']);
      assert.deepEqual(h.ui.messages('info'), ['Test message sent to "Plain". Check that it arrived in the DingTalk group.']);
    });

    it('signs for a signed robot and carries a keyword for a keyword robot', async () => {
      assert.equal(await testRobot(h.services, (await add(h.drafts.signed)).id), true);
      assert.ok(h.sim.requests[0].query.sign);
      assert.equal(await testRobot(h.services, (await add(h.drafts.keyword)).id), true);
      assert.match(h.sim.messages[1].body.text.content, /DingTalk/);
    });

    it('sends to an app robot\'s group', async () => {
      assert.equal(await testRobot(h.services, (await add(h.drafts.app)).id), true);
      assert.equal(h.sim.messages[0].conversation, FAKE.conversation);
    });

    it('asks which robot when given none', async () => {
      await add(h.drafts.plain);
      await add(h.drafts.signed);
      h.ui.script({ picks: ['Signed'] });
      assert.equal(await testRobot(h.services), true);
      assert.equal(h.ui.prompts[0], 'Test which robot?');
      assert.equal(h.sim.messages[0].robot, FAKE.signedToken);
    });

    it('offers to add a robot when there is none', async () => {
      h.ui.script({ actions: [undefined] });
      assert.equal(await testRobot(h.services), false);
      assert.deepEqual(h.ui.shown, [{ kind: 'info', message: 'No DingTalk robot yet.', actions: ['Add Robot…'] }]);
    });
  });

  describe('refusals name the setting to change', () => {
    for (const c of CASES) {
      it(`${c.what}: ${c.refusal}`, async () => {
        const record = await add(c.setup(h));
        const error = await sendError(record);
        assert.equal(testRefusal(error), c.refusal);
        h.sim.clearFaults();
        if (c.refusal === 'other') {
          h.sim.inject({ kind: 'status', status: 503, times: 100 });
        }
        h.ui.script({ actions: [undefined] });
        assert.equal(await testRobot(h.services, record.id), false);
        assert.deepEqual(h.ui.shown, [{ kind: 'error', message: c.heading(record.name) + error.localized('en'), actions: c.actions }]);
      });
    }

    it('tells a wrong signature and a wrong clock apart by what they ask the user to do', async () => {
      const record = await add(h.drafts.signed);
      h.sim.shiftClock(2 * 3600_000);
      await testRobot(h.services, record.id);
      assert.match(h.ui.messages('error')[0], /clock/);
      assert.doesNotMatch(h.ui.messages('error')[0], /secret/);
    });

    it('says the secrets are missing on this computer and offers to enter them', async () => {
      const record = await add(h.drafts.plain);
      h.secrets.values.clear();
      assert.equal(testRefusal(await sendError(record)), 'secretsMissing');
      h.ui.script({ actions: [undefined] });
      await testRobot(h.services, record.id);
      assert.equal(h.ui.shown[0].actions.join(), EDIT.join());
      assert.match(h.ui.shown[0].message, /^Test of "Plain" failed: .*secret storage/);
      assert.equal(h.sim.requests.length, 0);
    });

    it('maps a security refusal it cannot place to the security settings as a whole', () => {
      assert.equal(testRefusal(errorFromServer(310000, 'security check failed')), 'security');
      assert.equal(testRefusal(new Error('boom')), 'other');
    });

    it('gives the core\'s advice in Chinese to a Chinese VS Code', async () => {
      await h.stop();
      h = await startExtensionHarness({ locale: 'zh-cn' });
      const record = await add({ ...h.drafts.signed, secret: WRONG_SECRET });
      await testRobot(h.services, record.id);
      assert.match(h.ui.messages('error')[0], /钉钉拒绝了签名/);
    });

    it('says nothing more when the user cancels the test', async () => {
      const record = await add(h.drafts.plain);
      h.sim.inject({ kind: 'latency', ms: 2_000 });
      h.ui.onProgress = (cancel) => setTimeout(cancel, 20);
      assert.equal(await testRobot(h.services, record.id), false);
      assert.deepEqual(h.ui.shown, []);
      assert.equal(h.sim.messages.length, 0);
    });
  });

  describe('after a refusal', () => {
    it('Edit Robot fixes the robot and tests it again', async () => {
      h.sim.addWebhookRobot({ accessToken: FAKE.token, keywords: ['发布'] });
      const record = await add(h.drafts.plain);
      h.ui.script({ actions: ['Edit Robot'], picks: ['Keywords (自定义关键词)'], inputs: ['发布'] });
      assert.equal(await testRobot(h.services, record.id), true);
      assert.deepEqual(h.services.robots.get(record.id)?.keywords, ['发布']);
      assert.equal(h.sim.messages.length, 1);
      assert.match(h.sim.messages[0].body.text.content, /发布/);
    });

    it('Edit Robot restores missing secrets and tests again', async () => {
      const record = await add(h.drafts.plain);
      h.secrets.values.clear();
      h.ui.script({ actions: ['Edit Robot'], inputs: [h.drafts.plain.webhook] });
      assert.equal(await testRobot(h.services, record.id), true);
      assert.equal(h.sim.messages.length, 1);
    });

    it('Test Again sends again once DingTalk is back', async () => {
      const record = await add(h.drafts.plain);
      h.sim.inject({ kind: 'status', status: 503, times: 4 });
      h.ui.script({ actions: ['Test Again'] });
      assert.equal(await testRobot(h.services, record.id), true);
      assert.equal(h.ui.messages('error').length, 1);
      assert.equal(h.sim.messages.length, 1);
    });
  });
});
