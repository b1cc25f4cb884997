import { strict as assert } from 'node:assert';
import { addRobot } from '../../../../src/extension/commands/addRobot';
import type { InputOptions } from '../../../../src/extension/ports';
import { chinese, startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import type { PickAnswer, ScriptedUi } from '../../../support/fakeUi';
import { FAKE } from '../../../support/harness';

const WEBHOOK_KIND = 'Custom group robot (webhook)';
const APP_KIND = 'Enterprise app robot';
const WITH_FILES = 'Yes, with an app AppKey and AppSecret';
const NO_FILES = 'No, text and markdown only';
const TYPO = `https://oapi.dingtalk.con/robot/send?access_token=${FAKE.token}`;
const GATEWAY = `https://gateway.example.com:8443/dingtalk/robot/send?access_token=${FAKE.token}`;
const hostQuestion = (host: string): string => `Sends will go to ${host}, not DingTalk's oapi.dingtalk.com. Use it anyway?`;

/** Waits for what addRobot starts without waiting for it (the test send offered afterwards). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(condition(), 'timed out');
}

type Step = { pick: PickAnswer } | { input: string };

function script(ui: ScriptedUi, steps: Step[]): void {
  for (const step of steps) {
    if ('pick' in step) {
      ui.script({ picks: [step.pick] });
    } else {
      ui.script({ inputs: [step.input] });
    }
  }
}

describe('addRobot', () => {
  let h: ExtensionHarness;
  let inputs: InputOptions[];
  beforeEach(async () => {
    h = await startExtensionHarness();
    inputs = h.ui.inputOptions;
  });
  afterEach(() => h.stop());

  const stored = (): string => JSON.stringify([...h.state.values]);
  const nothingStored = (): void => {
    assert.equal(h.state.values.size, 0);
    assert.equal(h.secrets.values.size, 0);
  };

  /** The whole walk through for a signed webhook robot with keywords, file sending and @mentions. */
  const webhookSteps = (): Step[] => [
    { pick: WEBHOOK_KIND },
    { input: 'Team' },
    { input: `  "${h.sim.webhookUrl(FAKE.signedToken)}"  ` },
    { input: ` ${FAKE.secret} ` },
    { input: 'release，发布 deploy' },
    { pick: WITH_FILES },
    { input: FAKE.appKey },
    { input: `'${FAKE.appSecret}'` },
    { input: '13800000000, all' },
  ];

  const appSteps: Step[] = [
    { pick: APP_KIND },
    { input: 'Ops' },
    { input: FAKE.appKey },
    { input: FAKE.appSecret },
    { input: FAKE.robotCode },
    { input: FAKE.conversation },
  ];

  describe('step by step', () => {
    it('adds a signed webhook robot with keywords, files and @mentions, secrets only in SecretStorage', async () => {
      script(h.ui, webhookSteps());
      const record = await addRobot(h.services);
      assert.ok(record);
      assert.deepEqual(h.services.robots.list(), [
        {
          id: record.id,
          name: 'Team',
          kind: 'webhook',
          keywords: ['release', '发布', 'deploy'],
          appKey: FAKE.appKey,
          signed: true,
          mentions: { mobiles: ['13800000000'], all: true },
        },
      ]);
      assert.deepEqual(await h.services.robots.robot(record.id), {
        kind: 'webhook',
        name: 'Team',
        webhook: h.sim.webhookUrl(FAKE.signedToken),
        secret: FAKE.secret,
        keywords: ['release', '发布', 'deploy'],
        appKey: FAKE.appKey,
        appSecret: FAKE.appSecret,
      });
      for (const secret of [FAKE.signedToken, FAKE.secret, FAKE.appSecret]) {
        assert.ok(!stored().includes(secret), 'a secret reached globalState');
      }
      assert.equal(h.services.robots.defaultRobot()?.id, record.id);
    });

    it('asks for the webhook URL and the secrets in password boxes only', async () => {
      script(h.ui, webhookSteps());
      await addRobot(h.services);
      const passwords = inputs.filter((i) => i.password).map((i) => i.prompt);
      assert.equal(passwords.length, 3);
      assert.match(passwords[0], /Webhook URL/);
      assert.match(passwords[1], /Signing secret/);
      assert.match(passwords[2], /AppSecret/);
    });

    it('offers a test message that reaches the group', async () => {
      script(h.ui, webhookSteps());
      h.ui.script({ actions: ['Send Test Message'] });
      await addRobot(h.services);
      assert.deepEqual(h.ui.shown[0], { kind: 'info', message: 'Robot "Team" added.', actions: ['Send Test Message'] });
      await until(() => h.ui.messages('info').length === 2);
      assert.equal(h.sim.messages.length, 1);
      assert.match(h.sim.messages[0].body.text.content, /DingTalk Sender test message ✅ Robot "Team" works/);
      assert.ok(h.sim.requests[0].query.sign, 'the test was signed');
    });

    it('adds a plain webhook robot when every optional answer is empty', async () => {
      script(h.ui, [{ pick: WEBHOOK_KIND }, { input: 'Plain' }, { input: h.sim.webhookUrl(FAKE.token) }, { input: '' }, { input: '' }, { pick: NO_FILES }, { input: '' }]);
      const record = await addRobot(h.services);
      assert.deepEqual(h.services.robots.list(), [{ id: record?.id, name: 'Plain', kind: 'webhook' }]);
      assert.deepEqual(JSON.parse(h.secrets.values.get(`dingtalk.robot.${record?.id}`) ?? ''), { webhook: h.sim.webhookUrl(FAKE.token) });
    });

    it('adds an enterprise app robot that can then send to its group', async () => {
      script(h.ui, appSteps);
      h.ui.script({ actions: ['Send Test Message'] });
      const record = await addRobot(h.services);
      assert.deepEqual(h.services.robots.list(), [
        { id: record?.id, name: 'Ops', kind: 'app', appKey: FAKE.appKey, robotCode: FAKE.robotCode, openConversationId: FAKE.conversation },
      ]);
      assert.ok(!stored().includes(FAKE.appSecret));
      assert.deepEqual(inputs.map((i) => Boolean(i.password)), [false, false, true, false, false]);
      await until(() => h.sim.messages.length === 1);
      assert.equal(h.sim.messages[0].channel, 'group');
      assert.equal(h.sim.messages[0].conversation, FAKE.conversation);
    });

    it('says what each kind needs', async () => {
      let details: string[] = [];
      const pick = h.ui.pick.bind(h.ui);
      h.ui.pick = (items, options) => {
        details = items.map((item) => item.detail ?? '');
        return pick(items, options);
      };
      h.ui.script({ picks: [undefined] });
      await addRobot(h.services);
      assert.match(details[0], /webhook URL/);
      assert.match(details[1], /robotCode/);
    });

    it('suggests a name no robot has yet', async () => {
      await h.services.robots.add({ ...h.drafts.plain, name: 'Group robot' });
      h.ui.script({ picks: [WEBHOOK_KIND], inputs: [undefined] });
      await addRobot(h.services);
      assert.equal(inputs[0].value, 'Group robot 2');
    });

    it('takes the webhook URL out of a pasted curl command', async () => {
      const url = h.sim.webhookUrl(FAKE.token);
      const curl = `curl '${url}' -H 'Content-Type: application/json' -d '{"msgtype":"text","text":{"content":"hi"}}'`;
      script(h.ui, [{ pick: WEBHOOK_KIND }, { input: 'Curl' }, { input: curl }, { input: '' }, { input: '' }, { pick: NO_FILES }, { input: '' }]);
      const record = await addRobot(h.services);
      assert.equal((await h.services.robots.draft(record?.id ?? '')).webhook, url);
    });
  });

  describe('checks while typing', () => {
    it('refuses every bad answer with the core\'s advice, then takes a good one', async () => {
      await h.services.robots.add(h.drafts.plain);
      const url = h.sim.webhookUrl(FAKE.token);
      h.ui.script({
        picks: [WEBHOOK_KIND, NO_FILES],
        inputs: [
          ' ',
          'plain',
          'Team',
          'https://example.com/hook',
          `http://example.com/robot/send?access_token=${FAKE.token}`,
          url,
          'abc',
          FAKE.secret,
          'a b c d e f g h i j k',
          'a b',
          '',
        ],
      });
      const record = await addRobot(h.services);
      assert.equal(record?.name, 'Team');
      assert.deepEqual(
        h.ui.refused.map((r) => r.value),
        [' ', 'plain', 'https://example.com/hook', `http://example.com/robot/send?access_token=${FAKE.token}`, 'abc', 'a b c d e f g h i j k'],
      );
      const reasons = h.ui.refused.map((r) => r.reason);
      assert.equal(reasons[0], 'Give the robot a name.');
      assert.match(reasons[1], /A robot named "plain" already exists/);
      assert.match(reasons[2], /not a DingTalk robot webhook URL/);
      assert.match(reasons[3], /plain http to example\.com/);
      assert.match(reasons[4], /starts with "SEC"/);
      assert.match(reasons[5], /at most 10 keywords/);
    });

    it('asks for the webhook URL before accepting an empty one', async () => {
      h.ui.script({ picks: [WEBHOOK_KIND], inputs: ['Team', '', undefined] });
      await addRobot(h.services);
      assert.deepEqual(h.ui.refused, [{ value: '', reason: 'Paste the webhook URL from the robot settings.' }]);
    });

    it('needs both AppKey and AppSecret once file sending is chosen', async () => {
      h.ui.script({ picks: [WEBHOOK_KIND, WITH_FILES], inputs: ['Team', h.sim.webhookUrl(FAKE.token), '', '', '', undefined] });
      await addRobot(h.services);
      assert.match(h.ui.refused[0].reason, /needs its AppKey/);
      nothingStored();
    });

    it('gives its advice in Chinese to a Chinese VS Code', async () => {
      await h.stop();
      h = await startExtensionHarness({ locale: 'zh-cn' });
      h.ui.script({ picks: [WEBHOOK_KIND], inputs: ['Team', 'https://example.com/hook', undefined] });
      await addRobot(h.services);
      assert.match(h.ui.refused[0].reason, /这不是钉钉机器人的 Webhook 地址/);
    });
  });

  describe('a webhook to a host other than DingTalk', () => {
    const confirms = (): Array<{ message: string; actions: string[] }> =>
      h.ui.shown.filter((s) => s.kind === 'confirm').map((s) => ({ message: s.message.split('\n')[0], actions: s.actions }));
    const webhookOf = async (id: string | undefined): Promise<string | undefined> => (await h.services.robots.draft(id ?? '')).webhook;

    it('asks before using it, naming the host, and on Cancel asks for the URL again with the typo to correct', async () => {
      h.ui.script({ picks: [WEBHOOK_KIND, NO_FILES], inputs: ['Team', TYPO, h.sim.webhookUrl(FAKE.token), '', '', ''], actions: [undefined] });
      const record = await addRobot(h.services);
      assert.deepEqual(confirms(), [{ message: hostQuestion('oapi.dingtalk.con'), actions: ['Use It'] }]);
      assert.equal(inputs[1].prompt, inputs[2].prompt, 'the webhook URL was asked again');
      assert.deepEqual([inputs[1].value, inputs[2].value], [undefined, TYPO]);
      assert.equal(await webhookOf(record?.id), h.sim.webhookUrl(FAKE.token));
      assert.ok(![...h.secrets.values.values()].some((v) => v.includes('dingtalk.con')));
    });

    it('uses a gateway once the user says so', async () => {
      h.ui.script({ picks: [WEBHOOK_KIND, NO_FILES], inputs: ['Gateway', GATEWAY, FAKE.secret, '', ''], actions: ['Use It'] });
      const record = await addRobot(h.services);
      assert.deepEqual(confirms(), [{ message: hostQuestion('gateway.example.com:8443'), actions: ['Use It'] }]);
      assert.equal(await webhookOf(record?.id), GATEWAY);
      assert.equal(record?.signed, true);
      assert.deepEqual(h.ui.messages('warn'), [], 'confirmed: no warning afterwards');
    });

    it('stores nothing when the URL is then cancelled', async () => {
      h.ui.script({ picks: [WEBHOOK_KIND], inputs: ['Team', TYPO, undefined], actions: [undefined] });
      assert.equal(await addRobot(h.services), undefined);
      nothingStored();
      assert.equal(confirms().length, 1);
    });

    it('asks too when the webhook URL is the one field an argument left out', async () => {
      h.ui.script({ inputs: [TYPO], actions: ['Use It'] });
      const record = await addRobot(h.services, { kind: 'webhook', name: 'Half' });
      assert.deepEqual(confirms(), [{ message: hostQuestion('oapi.dingtalk.con'), actions: ['Use It'] }]);
      assert.equal(await webhookOf(record?.id), TYPO);
      assert.deepEqual(h.ui.messages('warn'), []);
    });

    it('neither asks nor warns about the simulator on this machine', async () => {
      script(h.ui, webhookSteps());
      assert.ok(await addRobot(h.services));
      assert.deepEqual(h.ui.shown.map((s) => s.kind), ['info']);
    });

    it('given as an argument: adds it without a question, then warns naming the host instead of offering a test', async () => {
      const record = await addRobot(h.services, { name: 'Gateway', webhook: GATEWAY, secret: FAKE.secret });
      assert.deepEqual(h.ui.prompts, []);
      assert.deepEqual(h.ui.shown, [
        {
          kind: 'warn',
          message:
            'Robot "Gateway" added. Its sends will go to gateway.example.com:8443, not DingTalk\'s oapi.dingtalk.com: if that is not a gateway you trust, edit or remove the robot before sending.',
          actions: [],
        },
      ]);
      assert.equal(await webhookOf(record?.id), GATEWAY);
    });

    it('given as an argument for the simulator: no warning, the usual test offer', async () => {
      await addRobot(h.services, { name: 'Local', webhook: h.sim.webhookUrl(FAKE.token) });
      assert.deepEqual(h.ui.shown, [{ kind: 'info', message: 'Robot "Local" added.', actions: ['Send Test Message'] }]);
    });
  });

  describe('in Chinese', () => {
    it('calls the enterprise app robot 企业内部应用机器人, as DingTalk\'s console does', async () => {
      await h.stop();
      h = await startExtensionHarness({ locale: 'zh-cn', t: chinese() });
      let offered: string[] = [];
      h.ui.script({ picks: [(labels) => ((offered = labels), undefined)] });
      await addRobot(h.services);
      assert.equal(offered[1], '企业内部应用机器人');
      await addRobot(h.services, { kind: 'app', webhook: h.sim.webhookUrl(FAKE.token) });
      assert.deepEqual(h.ui.messages('error'), ['添加机器人："webhook" 不适用于企业内部应用机器人。']);
    });
  });

  describe('cancelling', () => {
    /** Answers the steps before `index`, then presses Escape. */
    const cancelAt = (steps: Step[], index: number): void => {
      script(h.ui, steps.slice(0, index));
      if ('pick' in steps[index]) {
        h.ui.script({ picks: [undefined] });
      } else {
        h.ui.script({ inputs: [undefined] });
      }
    };

    for (let index = 0; index < 9; index++) {
      it(`stores nothing when a webhook robot is cancelled at step ${index + 1}`, async () => {
        cancelAt(webhookSteps(), index);
        assert.equal(await addRobot(h.services), undefined);
        nothingStored();
        assert.deepEqual(h.ui.shown, []);
        assert.equal(h.ui.prompts.length, index + 1, 'no question after Escape');
      });
    }

    for (let index = 0; index < appSteps.length; index++) {
      it(`stores nothing when an app robot is cancelled at step ${index + 1}`, async () => {
        cancelAt(appSteps, index);
        assert.equal(await addRobot(h.services), undefined);
        nothingStored();
        assert.deepEqual(h.ui.shown, []);
        assert.equal(h.ui.prompts.length, index + 1, 'no question after Escape');
      });
    }
  });

  describe('with arguments', () => {
    it('adds a webhook robot without a single question', async () => {
      const record = await addRobot(h.services, {
        kind: 'webhook',
        name: 'Scripted',
        webhook: ` '${h.sim.webhookUrl(FAKE.signedToken)}' `,
        secret: FAKE.secret,
        keywords: ['ci', 'build'],
        appKey: FAKE.appKey,
        appSecret: FAKE.appSecret,
        mentions: '13800000000',
      });
      assert.deepEqual(h.ui.prompts, []);
      assert.deepEqual(h.services.robots.get(record?.id ?? ''), {
        id: record?.id,
        name: 'Scripted',
        kind: 'webhook',
        keywords: ['ci', 'build'],
        appKey: FAKE.appKey,
        signed: true,
        mentions: { mobiles: ['13800000000'] },
      });
      const robot = await h.services.robots.robot(record?.id ?? '');
      assert.deepEqual(robot.kind === 'webhook' && [robot.webhook, robot.secret, robot.appSecret], [h.sim.webhookUrl(FAKE.signedToken), FAKE.secret, FAKE.appSecret]);
      for (const secret of [FAKE.signedToken, FAKE.secret, FAKE.appSecret]) {
        assert.ok(!stored().includes(secret));
      }
    });

    it('adds an app robot without a single question', async () => {
      const record = await addRobot(h.services, {
        kind: 'app',
        name: 'Scripted app',
        appKey: FAKE.appKey,
        appSecret: FAKE.appSecret,
        robotCode: FAKE.robotCode,
        openConversationId: FAKE.conversation,
      });
      assert.deepEqual(h.ui.prompts, []);
      assert.equal(record?.robotCode, FAKE.robotCode);
    });

    it('asks only for the required fields that are missing, never for optional ones', async () => {
      h.ui.script({ inputs: ['From a task'] });
      const record = await addRobot(h.services, { webhook: h.sim.webhookUrl(FAKE.token) });
      assert.equal(inputs.length, 1);
      assert.equal(inputs[0].value, 'Group robot');
      assert.deepEqual(h.services.robots.list(), [{ id: record?.id, name: 'From a task', kind: 'webhook' }]);
    });

    it('asks an app robot for its missing AppSecret, robotCode and group', async () => {
      h.ui.script({ inputs: [FAKE.appSecret, FAKE.robotCode, FAKE.conversation] });
      const record = await addRobot(h.services, { kind: 'app', name: 'Half', appKey: FAKE.appKey });
      assert.deepEqual(
        inputs.map((i) => i.prompt),
        ['AppSecret of the same app', 'robotCode of the app robot (developer console → the app → Robot)', 'openConversationId of the group the robot sends to'],
      );
      assert.equal(record?.openConversationId, FAKE.conversation);
    });

    it('asks for the kind, the name and the webhook URL when given an empty object', async () => {
      h.ui.script({ picks: [WEBHOOK_KIND], inputs: ['Empty', h.sim.webhookUrl(FAKE.token)] });
      assert.equal((await addRobot(h.services, {}))?.name, 'Empty');
      assert.equal(h.ui.prompts.length, 3);
    });

    const refusals: Array<[string, () => unknown, RegExp]> = [
      ['a URL that is not a robot\'s', () => ({ name: 'X', webhook: 'https://example.com/hook' }), /not a DingTalk robot webhook URL/],
      ['plain http to another host', () => ({ name: 'X', webhook: `http://example.com/robot/send?access_token=${FAKE.token}` }), /plain http to example\.com/],
      ['a secret without SEC', () => ({ name: 'X', webhook: h.sim.webhookUrl(FAKE.token), secret: 'abc' }), /starts with "SEC"/],
      ['an AppKey without AppSecret', () => ({ name: 'X', webhook: h.sim.webhookUrl(FAKE.token), appKey: FAKE.appKey }), /both AppKey and AppSecret/],
      ['a duplicate name', () => ({ name: 'plain', webhook: h.sim.webhookUrl(FAKE.token) }), /"plain" already exists/],
      ['11 keywords', () => ({ name: 'X', webhook: h.sim.webhookUrl(FAKE.token), keywords: 'a,b,c,d,e,f,g,h,i,j,k' }), /at most 10 keywords/],
      ['a number for the URL', () => ({ name: 'X', webhook: 7 }), /"webhook" must be text/],
      ['keywords that are not texts', () => ({ name: 'X', webhook: h.sim.webhookUrl(FAKE.token), keywords: [{}] }), /"keywords" must be a list of texts/],
      ['an unknown kind', () => ({ kind: 'group' }), /"kind" must be "webhook" or "app"/],
      ['a misspelt field', () => ({ name: 'X', webHook: h.sim.webhookUrl(FAKE.token) }), /unknown field "webHook"/],
      ['a string argument', () => h.sim.webhookUrl(FAKE.token), /must be an object/],
      ['a list argument', () => [], /must be an object/],
    ];
    for (const [what, args, message] of refusals) {
      it(`refuses ${what} with an error notification, asking and storing nothing`, async () => {
        await h.services.robots.add(h.drafts.plain);
        const before = stored();
        const secretsBefore = h.secrets.values.size;
        assert.equal(await addRobot(h.services, args() as Parameters<typeof addRobot>[1]), undefined);
        assert.equal(h.ui.shown.length, 1);
        assert.equal(h.ui.shown[0].kind, 'error');
        assert.match(h.ui.shown[0].message, message);
        assert.deepEqual(h.ui.prompts, []);
        assert.equal(stored(), before);
        assert.equal(h.secrets.values.size, secretsBefore);
      });
    }

    it('refuses in Chinese for a Chinese VS Code', async () => {
      await h.stop();
      h = await startExtensionHarness({ locale: 'zh-cn' });
      await addRobot(h.services, { name: 'X', webhook: h.sim.webhookUrl(FAKE.token), secret: 'abc' });
      assert.deepEqual(h.ui.messages('error'), ['加签密钥以 "SEC" 开头。请在机器人安全设置（加签）中复制；机器人未开启加签时请留空。']);
      nothingStored();
    });
  });
});
