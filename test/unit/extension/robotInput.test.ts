import { strict as assert } from 'node:assert';
import {
  cleanPasted,
  cleanToken,
  cleanWebhook,
  formatKeywords,
  keywordsProblem,
  nameProblem,
  parseAddRobotArgs,
  parseKeywords,
  requiredProblem,
  secretProblem,
  uniqueName,
  unusualWebhookHost,
  webhookProblem,
} from '../../../src/extension/robotInput';
import { catchSync } from '../../support/catch';
import { FAKE } from '../../support/harness';

const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${FAKE.token}`;

describe('robotInput', () => {
  describe('cleanPasted', () => {
    const cases: Array<[string, string]> = [
      ['  value \t\n', 'value'],
      ['\u3000value\u00a0', 'value'],
      ['\u200bval\u200bue\ufeff', 'value'],
      ['"value"', 'value'],
      ["'value'", 'value'],
      ['“value”', 'value'],
      ['‘value’', 'value'],
      ['`value`', 'value'],
      ['```value```', 'value'],
      ['「value」', 'value'],
      ['<value>', 'value'],
      [` "'value'" `, 'value'],
      ['"value', 'value'],
    ];
    for (const [pasted, clean] of cases) {
      it(`cleans ${JSON.stringify(pasted)}`, () => {
        assert.equal(cleanPasted(pasted), clean);
      });
    }

    it('keeps quotes and spaces inside the value', () => {
      assert.equal(cleanPasted(' "it\'s a "team" bot" '), 'it\'s a "team" bot');
    });
  });

  describe('cleanToken', () => {
    it('also removes spaces and line breaks a wrapped paste put inside', () => {
      assert.equal(cleanToken(`"${FAKE.secret.slice(0, 20)}\n  ${FAKE.secret.slice(20)}"`), FAKE.secret);
    });
  });

  describe('cleanWebhook', () => {
    it('leaves a clean URL exactly as it is', () => {
      assert.equal(cleanWebhook(WEBHOOK), WEBHOOK);
    });

    it('takes the URL out of quotes, angle brackets and surrounding spaces', () => {
      assert.equal(cleanWebhook(`  “${WEBHOOK}”  `), WEBHOOK);
      assert.equal(cleanWebhook(`<${WEBHOOK}>`), WEBHOOK);
    });

    it('joins a URL that line wrapping broke with spaces', () => {
      const broken = `${WEBHOOK.slice(0, 40)} \n ${WEBHOOK.slice(40, 90)}  ${WEBHOOK.slice(90)}`;
      assert.equal(cleanWebhook(broken), WEBHOOK);
    });

    it('takes the robot URL out of a curl command', () => {
      const curl = `curl '${WEBHOOK}' -H 'Content-Type: application/json' -d '{"msgtype": "text","text": {"content":"hi"}}'`;
      assert.equal(cleanWebhook(curl), WEBHOOK);
    });

    it('prefers the robot URL when a curl command names a proxy first', () => {
      assert.equal(cleanWebhook(`curl -x http://127.0.0.1:8080 "${WEBHOOK}" -d '{}'`), WEBHOOK);
    });

    it('takes the URL out of a sentence', () => {
      assert.equal(cleanWebhook(`Webhook: ${WEBHOOK} (copied from the group)`), WEBHOOK);
    });

    it('decodes &amp; from a URL copied out of HTML', () => {
      assert.equal(cleanWebhook(`${WEBHOOK}&amp;x=1`), `${WEBHOOK}&x=1`);
    });

    it('drops a timestamp and sign copied from a signed example, keeping the token', () => {
      const cleaned = cleanWebhook(`${WEBHOOK}&timestamp=1700000000000&sign=abc%2Bdef%3D`);
      assert.equal(new URL(cleaned).searchParams.get('access_token'), FAKE.token);
      assert.equal(new URL(cleaned).searchParams.has('timestamp'), false);
      assert.equal(new URL(cleaned).searchParams.has('sign'), false);
    });

    it('gives text without a URL back cleaned, for the check to refuse', () => {
      assert.equal(cleanWebhook(' "not a url" '), 'not a url');
    });
  });

  describe('keywords', () => {
    it('splits on commas (also full-width), 、, semicolons and spaces, without duplicates or quotes', () => {
      assert.deepEqual(parseKeywords(' release，发布、deploy; "ci"  release\tbuild ,, '), ['release', '发布', 'deploy', 'ci', 'build']);
    });

    it('gives no keywords for an empty answer', () => {
      assert.deepEqual(parseKeywords('  '), []);
    });

    it('formats keywords to be parsed back', () => {
      assert.equal(formatKeywords(['a', '发布']), 'a, 发布');
      assert.deepEqual(parseKeywords(formatKeywords(['a', '发布'])), ['a', '发布']);
      assert.equal(formatKeywords(undefined), '');
    });

    it('refuses more than 10, in both languages', () => {
      assert.equal(keywordsProblem(Array.from({ length: 10 }, (_, i) => `k${i}`)), undefined);
      const error = keywordsProblem(Array.from({ length: 11 }, (_, i) => `k${i}`));
      assert.equal(error?.code, 'tooManyKeywords');
      assert.match(error?.message ?? '', /at most 10 keywords; this is 11/);
      assert.match(error?.localized('zh-cn') ?? '', /最多 10 个关键词/);
    });
  });

  describe('names', () => {
    it('suggests the base name, then numbered ones, ignoring case', () => {
      assert.equal(uniqueName('Group robot', []), 'Group robot');
      assert.equal(uniqueName('Group robot', ['group ROBOT']), 'Group robot 2');
      assert.equal(uniqueName('Group robot', ['Group robot', 'Group robot 2']), 'Group robot 3');
    });

    it('refuses an empty name', () => {
      assert.equal(nameProblem('  ', [])?.code, 'missingName');
    });

    it('refuses a name another robot has, ignoring case and spaces', () => {
      const error = nameProblem(' team ', ['Team']);
      assert.equal(error?.code, 'duplicateName');
      assert.match(error?.message ?? '', /A robot named "team" already exists/);
    });

    it('lets a robot keep its own name, or change its case', () => {
      assert.equal(nameProblem('TEAM', ['Team', 'Ops'], 'Team'), undefined);
      assert.equal(nameProblem('ops', ['Team', 'Ops'], 'Team')?.code, 'duplicateName');
    });
  });

  describe('webhookProblem', () => {
    it('accepts a DingTalk robot URL and loopback http for local trying', () => {
      assert.equal(webhookProblem(WEBHOOK), undefined);
      assert.equal(webhookProblem(`http://127.0.0.1:3000/robot/send?access_token=${FAKE.token}`), undefined);
      assert.equal(webhookProblem(`http://localhost/robot/send?access_token=${FAKE.token}`), undefined);
      assert.equal(webhookProblem(`http://[::1]:8080/robot/send?access_token=${FAKE.token}`), undefined);
    });

    const refusals: Array<[string, string, string, RegExp]> = [
      ['a URL that is not a robot\'s', 'https://oapi.dingtalk.com/gettoken?appkey=x', 'notRobotWebhook', /not a DingTalk robot webhook URL/],
      ['a robot URL without a token', 'https://oapi.dingtalk.com/robot/send?access_token=', 'notRobotWebhook', /robot\/send\?access_token=/],
      ['plain http to another host', `http://oapi.dingtalk.com/robot/send?access_token=${FAKE.token}`, 'insecureUrl', /plain http to oapi\.dingtalk\.com/],
      ['another scheme', `ftp://oapi.dingtalk.com/robot/send?access_token=${FAKE.token}`, 'invalidUrl', /must be an https URL/],
      ['text', 'my robot', 'invalidUrl', /not a valid URL/],
      ['nothing', '', 'invalidUrl', /not a valid URL/],
    ];
    for (const [what, value, code, message] of refusals) {
      it(`refuses ${what}`, () => {
        const error = webhookProblem(value);
        assert.equal(error?.code, code);
        assert.match(error?.message ?? '', message);
        assert.notEqual(error?.localized('zh-cn'), error?.message);
      });
    }
  });

  describe('unusualWebhookHost', () => {
    const token = `/robot/send?access_token=${FAKE.token}`;
    it('says nothing of DingTalk\'s own host, however it is written', () => {
      assert.equal(unusualWebhookHost(WEBHOOK), undefined);
      assert.equal(unusualWebhookHost(`https://OAPI.DingTalk.com${token}`), undefined);
      assert.equal(unusualWebhookHost(`https://oapi.dingtalk.com.${token}`), undefined);
      assert.equal(unusualWebhookHost(`https://oapi.dingtalk.com:443${token}`), undefined);
    });

    it('says nothing of this machine (the simulator, a local proxy)', () => {
      for (const origin of ['http://127.0.0.1:17090', 'http://localhost:3000', 'https://localhost', 'http://[::1]:8080', 'http://127.1.2.3']) {
        assert.equal(unusualWebhookHost(`${origin}${token}`), undefined, origin);
      }
    });

    it('names any other host: a typo, a look-alike, a gateway', () => {
      const cases: Array<[string, string]> = [
        [`https://oapi.dingtalk.con${token}`, 'oapi.dingtalk.con'],
        [`https://oapi.dingtaik.com${token}`, 'oapi.dingtaik.com'],
        [`https://oapi.dingtalk.com.example.net${token}`, 'oapi.dingtalk.com.example.net'],
        [`https://api.dingtalk.com${token}`, 'api.dingtalk.com'],
        [`https://gateway.example.com:8443/dingtalk${token}`, 'gateway.example.com:8443'],
        // A Cyrillic "о" in place of the "o".
        [`https://оapi.dingtalk.com${token}`, 'xn--api-red.dingtalk.com'],
      ];
      for (const [url, host] of cases) {
        assert.equal(unusualWebhookHost(url), host, url);
      }
    });

    it('leaves text that is not a URL to webhookProblem', () => {
      assert.equal(unusualWebhookHost('not a url'), undefined);
      assert.equal(unusualWebhookHost(''), undefined);
    });
  });

  describe('secretProblem', () => {
    it('accepts no secret and a SEC… secret', () => {
      assert.equal(secretProblem(''), undefined);
      assert.equal(secretProblem(FAKE.secret), undefined);
    });

    it('refuses anything else, saying where the secret is found', () => {
      const error = secretProblem('abc123');
      assert.equal(error?.code, 'invalidSecret');
      assert.match(error?.message ?? '', /starts with "SEC"/);
      assert.match(error?.localized('zh') ?? '', /加签/);
    });
  });

  describe('requiredProblem', () => {
    it('refuses an empty value, naming the field', () => {
      assert.equal(requiredProblem('x', 'a robotCode'), undefined);
      assert.equal(requiredProblem('', 'robotCode')?.message, 'The robot needs its robotCode.');
    });
  });

  describe('parseAddRobotArgs', () => {
    it('cleans every value like a pasted one and leaves empty ones out', () => {
      const args = parseAddRobotArgs(
        { kind: 'webhook', name: '  Team ', webhook: ` '${WEBHOOK}' `, secret: ` "${FAKE.secret}" `, keywords: ' a，b ', appKey: '', appSecret: '', mentions: '13800000000, all' },
        [],
      );
      assert.deepEqual(args, { kind: 'webhook', name: 'Team', webhook: WEBHOOK, secret: FAKE.secret, keywords: ['a', 'b'], mentions: { mobiles: ['13800000000'], all: true } });
    });

    it('takes keywords as a list', () => {
      assert.deepEqual(parseAddRobotArgs({ webhook: WEBHOOK, keywords: [' a ', 'b', 'a', ''] }, []).keywords, ['a', 'b']);
    });

    it('infers the kind from the fields given', () => {
      assert.equal(parseAddRobotArgs({ webhook: WEBHOOK }, []).kind, 'webhook');
      assert.equal(parseAddRobotArgs({ robotCode: FAKE.robotCode }, []).kind, 'app');
      assert.equal(parseAddRobotArgs({ name: 'Team' }, []).kind, undefined);
      assert.deepEqual(parseAddRobotArgs({}, []), {});
    });

    it('accepts an app robot with only some fields, the rest to be asked for', () => {
      assert.deepEqual(parseAddRobotArgs({ kind: 'app', appKey: FAKE.appKey }, []), { kind: 'app', appKey: FAKE.appKey });
    });

    const refusals: Array<[string, unknown, RegExp]> = [
      ['a string', WEBHOOK, /must be an object/],
      ['a list', [WEBHOOK], /must be an object/],
      ['a number', 42, /must be an object/],
      ['null', null, /must be an object/],
      ['an unknown field', { webhookUrl: WEBHOOK }, /unknown field "webhookUrl"/],
      ['a number for text', { webhook: 42 }, /"webhook" must be text, not number/],
      ['a list for text', { name: ['Team'] }, /"name" must be text, not a list/],
      ['an object for text', { secret: { value: FAKE.secret } }, /"secret" must be text, not object/],
      ['keywords that are not texts', { keywords: [1, 2] }, /"keywords" must be a list of texts/],
      ['keywords as a number', { keywords: 3 }, /"keywords" must be a list of texts/],
      ['an unknown kind', { kind: 'bot' }, /"kind" must be "webhook" or "app"/],
      ['app fields on a webhook robot', { kind: 'webhook', robotCode: FAKE.robotCode }, /"robotCode" does not apply to a custom group robot/],
      ['webhook fields on an app robot', { kind: 'app', webhook: WEBHOOK }, /"webhook" does not apply to an enterprise app robot/],
      ['mentions on an app robot', { kind: 'app', mentions: 'all' }, /"mentions" does not apply to an enterprise app robot/],
      ['fields of both kinds', { webhook: WEBHOOK, openConversationId: FAKE.conversation }, /"openConversationId" does not apply/],
      ['a URL that is not a robot\'s', { webhook: 'https://example.com/hook' }, /not a DingTalk robot webhook URL/],
      ['plain http to another host', { webhook: WEBHOOK.replace('https:', 'http:') }, /plain http/],
      ['a secret without SEC', { webhook: WEBHOOK, secret: 'abc' }, /starts with "SEC"/],
      ['an AppKey without AppSecret', { webhook: WEBHOOK, appKey: FAKE.appKey }, /both AppKey and AppSecret/],
      ['an AppSecret without AppKey', { kind: 'webhook', appSecret: FAKE.appSecret }, /both AppKey and AppSecret/],
      ['11 keywords', { webhook: WEBHOOK, keywords: 'a b c d e f g h i j k' }, /at most 10 keywords/],
      ['a duplicate name', { name: 'team', webhook: WEBHOOK }, /"team" already exists/],
    ];
    for (const [what, args, message] of refusals) {
      it(`refuses ${what}`, () => {
        const error = catchSync(() => parseAddRobotArgs(args, ['Team']));
        assert.equal(error.category, 'input');
        assert.match(error.message, message);
        assert.notEqual(error.localized('zh-cn'), error.message);
      });
    }
  });
});
