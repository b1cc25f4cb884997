import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent } from '../../../src/core/client';
import type { DingTalkError } from '../../../src/core/errors';
import * as build from '../../../src/core/messages';
import type { WebhookRobot } from '../../../src/core/robot';
import { jsonByteLength } from '../../../src/core/split';
import { catchAsync } from '../../support/catch';
import { FAKE, startHarness, type Harness } from '../../support/harness';

function webhookBodies(h: Harness): number[] {
  return h.sim.requests.filter((r) => r.path === '/robot/send' && r.bodyText).map((r) => Buffer.byteLength(r.bodyText ?? ''));
}

describe('core/client', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  describe('signing', () => {
    it('signs every request with a fresh timestamp the simulator accepts', async () => {
      await h.client.sendText(h.signed, 'one');
      h.clock.advance(5_000);
      await h.client.sendText(h.signed, 'two');
      assert.equal(h.sim.messages.length, 2);
      const stamps = h.sim.requests.map((r) => r.query.timestamp);
      assert.equal(new Set(stamps).size, 2);
      assert.ok(stamps.every((t) => /^\d{13}$/.test(t)));
    });

    it('is refused with a signing error when the secret is wrong', async () => {
      const wrong: WebhookRobot = { ...h.signed, secret: `SECtest${'f'.repeat(57)}` };
      const error = await catchAsync(h.client.sendText(wrong, 'hello'));
      assert.equal(error.code, 310000);
      assert.equal(error.category, 'sign');
      assert.match(error.message, /secret/);
      assert.equal(h.sim.messages.length, 0);
    });

    it('is refused with a clock error when this machine\'s clock is off by more than an hour', async () => {
      h.sim.shiftClock(2 * 3600_000);
      const error = await catchAsync(h.client.sendText(h.signed, 'hello'));
      assert.equal(error.category, 'sign');
      assert.match(error.message, /clock/);
    });
  });

  describe('message types', () => {
    it('delivers every type through a webhook robot with the exact fields', async () => {
      const messages = [
        build.text('text'),
        build.markdown('Title', '## markdown'),
        build.link('Link', 'text', 'https://example.com/a', 'https://example.com/p.png'),
        build.actionCard('Card', 'one button', { title: 'Open', url: 'https://example.com' }),
        build.actionCard('Card', 'two buttons', [{ title: 'A', url: 'https://example.com/a' }, { title: 'B', url: 'https://example.com/b' }]),
        build.feedCard([{ title: 'Feed', messageUrl: 'https://example.com', picUrl: 'https://example.com/p.png' }]),
      ];
      for (const message of messages) {
        await h.client.send(h.webhook, message);
      }
      assert.deepEqual(
        h.sim.messages.map((m) => m.type),
        ['text', 'markdown', 'link', 'actionCard', 'actionCard', 'feedCard'],
      );
      assert.ok(h.sim.messages.every((m) => typeof m.msgUuid === 'string'));
    });

    it('delivers app robot messages as msgKey and a JSON-string msgParam', async () => {
      await h.client.send(h.app, build.text('text'));
      await h.client.send(h.app, build.markdown('Title', '## markdown'));
      await h.client.send(h.app, build.link('Link', 'text', 'https://example.com/a'));
      await h.client.send(h.app, build.actionCard('Card', 'x', { title: 'Open', url: 'https://example.com' }));
      await h.client.send(h.app, build.actionCard('Card', 'x', [{ title: 'A', url: 'https://example.com/a' }, { title: 'B', url: 'https://example.com/b' }]));
      assert.deepEqual(
        h.sim.messages.map((m) => m.type),
        ['sampleText', 'sampleMarkdown', 'sampleLink', 'sampleActionCard', 'sampleActionCard2'],
      );
      assert.ok(h.sim.messages.every((m) => m.channel === 'group' && m.conversation === FAKE.conversation));
    });

    it('sends one-to-one to user ids in batches of 20', async () => {
      const userIds = Array.from({ length: 25 }, (_, i) => `user${i}`);
      const result = await h.client.sendText({ ...h.app, openConversationId: undefined }, 'hi', { userIds });
      assert.equal(result.ids.length, 2);
      assert.deepEqual(h.sim.messages.map((m) => m.userIds?.length), [20, 5]);
    });

    it('names the one-to-one recipients DingTalk did not deliver to', async () => {
      h.sim.addAppRobot({ robotCode: 'dingteststaffrobot', appKey: FAKE.appKey, openConversationIds: [], staffIds: ['user1'] });
      const robot = { ...h.app, robotCode: 'dingteststaffrobot', openConversationId: undefined };
      const result = await h.client.sendText(robot, 'hi', { userIds: ['user1', 'typo'] });
      assert.deepEqual(result.notDelivered, { invalid: ['typo'], flowControlled: [] });
    });

    it('@mentions with the @text DingTalk needs', async () => {
      await h.client.sendText(h.webhook, 'please review', { at: { mobiles: ['13800000000'], userIds: ['user001'] } });
      const body = h.sim.messages[0].body;
      assert.equal(body.text.content, 'please review\n\n@13800000000 @user001');
      assert.deepEqual(body.at.atMobiles, ['13800000000']);
      assert.deepEqual(body.at.atUserIds, ['user001']);
    });
  });

  describe('size and keywords', () => {
    function snippet(): string {
      const lines: string[] = [];
      for (let i = 0; jsonByteLength(lines.join('\n')) < 25_000; i += 1) {
        lines.push(i % 12 === 0 ? '' : `const 变量${i} = "钉钉消息分段测试 ${i}"; // 中文注释 😀`);
      }
      return `\`\`\`ts\n${lines.join('\n')}\n\`\`\``;
    }

    it('sends a 25 KB CJK code snippet as numbered parts, each under 20000 bytes with balanced fences', async () => {
      const result = await h.client.sendMarkdown(h.webhook, 'snippet.ts', snippet());
      assert.ok(result.parts >= 2);
      assert.equal(h.sim.messages.length, result.parts);
      assert.ok(webhookBodies(h).every((bytes) => bytes <= 20_000));
      h.sim.messages.forEach((m, i) => {
        const text: string = m.body.markdown.text;
        assert.ok(text.startsWith(`(${i + 1}/${result.parts})`), text.slice(0, 20));
        assert.equal(m.body.markdown.title, `snippet.ts (${i + 1}/${result.parts})`);
        assert.equal((text.match(/^```/gm) ?? []).length % 2, 0, `part ${i + 1} has an open fence`);
      });
    });

    it('sends a long markdown document in parts that each start at a heading, every section whole', async () => {
      const paragraph = (n: number): string => `第${n}段：钉钉消息按标题分段，每一节都应当完整地出现在同一条消息里。`.repeat(12);
      const sections = Array.from({ length: 8 }, (_, s) => [`## Section ${s + 1}`, ...Array.from({ length: 6 }, (_, p) => paragraph(p))].join('\n\n'));
      const doc = `# Handbook\n\n${sections.join('\n\n')}`;
      const result = await h.client.sendMarkdown(h.webhook, 'Handbook', doc);
      assert.ok(result.parts >= 3);
      assert.equal(h.sim.messages.length, result.parts);
      assert.ok(webhookBodies(h).every((bytes) => bytes <= 20_000));
      h.sim.messages.forEach((m, i) => {
        const text: string = m.body.markdown.text;
        const label = `(${i + 1}/${result.parts})\n\n`;
        assert.ok(text.startsWith(label), text.slice(0, 20));
        assert.match(text.slice(label.length), /^#{1,2} /, `part ${i + 1} does not start at a heading`);
      });
      for (const section of sections) {
        assert.equal(h.sim.messages.filter((m) => m.body.markdown.text.includes(section)).length, 1, `${section.slice(0, 12)} was cut`);
      }
    });

    it('splits long text for app robots under the 15000-byte msgParam limit', async () => {
      const result = await h.client.sendText(h.app, snippet());
      assert.ok(result.parts >= 2);
      assert.ok(h.sim.messages.every((m) => Buffer.byteLength(m.raw.msgParam) <= 15_000));
    });

    it('tells which parts went out when a later part fails', async () => {
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
      const error = await catchAsync(h.client.sendMarkdown(h.webhook, 'snippet.ts', snippet()));
      assert.equal(h.sim.messages.length, 1);
      assert.equal(error.partial?.sent, 1);
      assert.ok((error.partial?.total ?? 0) >= 2);
      assert.deepEqual(error.partial?.ids, [h.sim.messages[0].msgUuid]);
    });

    it('resumes a split send from the part that failed, so no part arrives twice', async () => {
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
      const error = await catchAsync(h.client.sendMarkdown(h.webhook, 'snippet.ts', snippet()));
      const total = error.partial?.total ?? 0;
      const result = await h.client.sendMarkdown(h.webhook, 'snippet.ts', snippet(), { resumeFrom: error.partial?.sent });
      assert.equal(result.parts, total);
      assert.equal(h.sim.messages.length, total);
      h.sim.messages.forEach((m, i) => assert.equal(m.body.markdown.title, `snippet.ts (${i + 1}/${total})`));
    });

    it('refuses, with a size error, a title and mentions that leave no room for content', async () => {
      const mobiles = Array.from({ length: 1000 }, (_, i) => `138${String(i).padStart(8, '0')}`);
      const error = await catchAsync(h.client.sendText(h.webhook, 'hello', { at: { mobiles } }));
      assert.equal(error.code, 'noRoomForContent');
      assert.equal(error.category, 'size');
      assert.equal(h.sim.requests.length, 0);
    });

    it('refuses a single message over the limit with a size error before sending', async () => {
      const error = await catchAsync(h.client.send(h.webhook, build.link('x', 'y'.repeat(21_000), 'https://example.com')));
      assert.equal(error.category, 'size');
      assert.equal(h.sim.requests.length, 0);
    });

    it('adds a missing keyword visibly, to every part', async () => {
      const one = await h.client.sendText(h.keyword, 'build passed');
      assert.equal(one.keywordAdded, 'DingTalk');
      assert.match(h.sim.messages[0].body.text.content, /^【DingTalk】/);
      await h.client.sendText(h.keyword, 'DingTalk build passed');
      assert.equal(h.sim.messages[1].body.text.content, 'DingTalk build passed');
      const long = await h.client.sendMarkdown(h.keyword, 'log', `DingTalk\n\n${snippet()}`);
      assert.ok(long.parts >= 2);
      assert.equal(h.sim.messages.length, 2 + long.parts);
    });

    it('names the keyword problem when DingTalk refuses for it', async () => {
      h.sim.addWebhookRobot({ accessToken: '3'.repeat(64), keywords: ['Deploy'] });
      const robot: WebhookRobot = { kind: 'webhook', webhook: h.sim.webhookUrl('3'.repeat(64)) };
      const error = await catchAsync(h.client.sendText(robot, 'no keyword here'));
      assert.equal(error.category, 'keyword');
    });
  });

  describe('tokens', () => {
    it('fetches one app token for 100 sends and a new one after expiry', async () => {
      const client = h.newClient({ rateLimit: false });
      for (let i = 0; i < 100; i += 1) {
        await client.sendText(h.app, `message ${i}`);
      }
      assert.equal(h.sim.tokensIssued.oauth2, 1);
      h.clock.advance(7200_000);
      await client.sendText(h.app, 'after expiry');
      assert.equal(h.sim.tokensIssued.oauth2, 2);
      assert.equal(h.sim.messages.length, 101);
    });

    it('refreshes once and retries when DingTalk refuses a cached token', async () => {
      await h.client.sendText(h.app, 'first');
      h.sim.shiftClock(7300_000);
      await h.client.sendText(h.app, 'second');
      assert.equal(h.sim.tokensIssued.oauth2, 2);
      assert.equal(h.sim.messages.length, 2);
    });

    it('says what to fix when the AppSecret is wrong', async () => {
      const error = await catchAsync(h.client.sendText({ ...h.app, appSecret: 'wrong-app-secret' }, 'x'));
      assert.equal(error.category, 'auth');
      assert.match(error.message, /AppKey|AppSecret/);
    });
  });

  describe('rate limit', () => {
    it('delivers 45 rapid sends with no rate error, never more than 20 in a minute', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (e) => events.push(e) });
      await Promise.all(Array.from({ length: 45 }, (_, i) => client.sendText(h.webhook, `burst ${i}`)));
      assert.equal(h.sim.messages.length, 45);
      assert.equal(h.sim.requests.filter((r) => (r.answer as { errcode?: number }).errcode === 130101).length, 0);
      const times = h.sim.messages.map((m) => m.at);
      for (let i = 20; i < times.length; i += 1) {
        assert.ok(times[i] - times[i - 20] >= 60_000);
      }
      assert.ok(events.some((e) => e.type === 'queue' && e.stats.queued >= 25), 'the queue was observable');
    });

    it('counts retries against the limit too, since DingTalk counts every request', async () => {
      // Every other request loses its answer: ten sends need a second try each.
      for (let i = 0; i < 10; i += 1) {
        h.sim.inject({ kind: 'resetAfterProcessing', path: '/robot/send', skip: 1 });
      }
      await Promise.all(Array.from({ length: 20 }, (_, i) => h.client.sendText(h.webhook, `flaky ${i}`)));
      assert.equal(h.sim.messages.length, 20);
      assert.equal(h.sim.requests.length, 30);
      assert.equal(h.sim.requests.filter((r) => (r.answer as { errcode?: number }).errcode === 130101).length, 0);
    });

    it('backs off when DingTalk says too fast, reports it, and delivers', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (e) => events.push(e) });
      for (let i = 0; i < 21; i += 1) {
        await fetch(h.sim.webhookUrl(FAKE.token), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ msgtype: 'text', text: { content: `other sender ${i}` } }),
        });
      }
      const result = await client.sendText(h.webhook, 'after the throttle');
      assert.equal(result.parts, 1);
      assert.ok(events.some((e) => e.type === 'rateLimited'), 'the throttle was reported');
      assert.equal(h.sim.messages.filter((m) => m.body.text.content === 'after the throttle').length, 1);
    });
  });

  describe('transient failures', () => {
    for (const kind of ['reset', 'resetAfterProcessing', 'status', 'busy'] as const) {
      it(`retries a webhook send after ${kind} without posting twice`, async () => {
        h.sim.inject({ kind, path: '/robot/send', times: 2 });
        await h.client.sendText(h.webhook, `survives ${kind}`);
        assert.equal(h.sim.messages.length, 1);
        const uuids = h.sim.requests.filter((r) => r.path === '/robot/send').map((r) => (r.bodyText ? JSON.parse(r.bodyText).msgUuid : 'unread'));
        assert.equal(uuids.length, 3);
        assert.equal(new Set(uuids.filter((u) => u !== 'unread')).size, 1, 'every retry carries the same msgUuid');
      });
    }

    it('does not repeat an app send after "busy", which DingTalk may say after posting it, and says it may have arrived', async () => {
      h.sim.inject({ kind: 'busy', path: '/v1.0/robot', afterProcessing: true });
      const error = await catchAsync(h.client.sendText(h.app, 'busy after posting'));
      assert.equal(error.mayHaveArrived, true);
      assert.equal(error.retryMayDuplicate, true);
      assert.equal(error.reason, 'serverBusy');
      assert.match(error.message, /may have reached the group/);
      assert.match(error.messageZh, /可能已送达/);
      assert.equal(h.sim.messages.length, 1, 'posted once, not repeated');
      assert.equal(h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/send').length, 1);
    });

    it('repeats an app send DingTalk certainly did not take: a throttle answer', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (e) => events.push(e) });
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/send' });
      await client.sendText(h.app, 'after the QPS throttle');
      assert.equal(h.sim.messages.length, 1);
      const throttled = events.filter((e) => e.type === 'rateLimited');
      assert.equal(throttled.length, 1);
      const [refused, sent] = h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/send');
      assert.ok(sent.at - refused.at >= 2_000 && sent.at - refused.at < 60_000, `waited ${sent.at - refused.at} ms: the app API's per-second throttle, not the webhook's 10 minutes`);
    });

    it('does not repeat an app send that may have arrived', async () => {
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/v1.0/robot', times: 1 });
      const error = await catchAsync(h.client.sendText(h.app, 'maybe delivered'));
      assert.equal(error.category, 'network');
      assert.equal(error.mayHaveArrived, true);
      assert.equal(error.retryMayDuplicate, true);
      assert.equal(h.sim.messages.length, 1);
    });

    it('gives up after the configured attempts with a server error', async () => {
      h.sim.inject({ kind: 'status', status: 502, path: '/robot/send', times: 10 });
      const error = await catchAsync(h.client.sendText(h.webhook, 'x'));
      assert.equal(error.category, 'server');
      assert.equal(h.sim.requests.length, 4);
    });
  });

  describe('answers a user must act on', () => {
    it('names a wrong access_token, a disabled robot and an IP outside the allow-list', async () => {
      h.sim.addWebhookRobot({ accessToken: '4'.repeat(64), disabled: true });
      h.sim.addWebhookRobot({ accessToken: '5'.repeat(64), ipAllowList: ['192.0.2.1'] });
      const wrong = await catchAsync(h.client.sendText({ kind: 'webhook', webhook: h.sim.webhookUrl('9'.repeat(64)) }, 'x'));
      assert.equal(wrong.category, 'auth');
      assert.match(wrong.message, /webhook URL/);
      const disabled = await catchAsync(h.client.sendText({ kind: 'webhook', webhook: h.sim.webhookUrl('4'.repeat(64)) }, 'x'));
      assert.equal(disabled.code, 400102);
      const ip = await catchAsync(h.client.sendText({ kind: 'webhook', webhook: h.sim.webhookUrl('5'.repeat(64)) }, 'x'));
      assert.equal(ip.category, 'ip');
    });
  });

  describe('redaction', () => {
    it('keeps every credential out of log lines, events and error texts', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (e) => events.push(e) });
      const errors: DingTalkError[] = [];
      const attempt = async (p: Promise<unknown>): Promise<void> => {
        await p.catch((e: DingTalkError) => errors.push(e));
      };
      h.sim.inject({ kind: 'status', path: '/robot/send', times: 1 });
      await attempt(client.sendText(h.signed, 'signed'));
      await attempt(client.sendText({ ...h.signed, secret: `SECtest${'e'.repeat(57)}` }, 'wrong secret'));
      await attempt(client.sendText(h.app, 'app'));
      await attempt(client.sendText({ ...h.app, appSecret: `${FAKE.appSecret}x` }, 'bad app'));
      const file = join(mkdtempSync(join(tmpdir(), 'dingtalk-redact-')), 'notes.txt');
      writeFileSync(file, 'uploaded to see that the upload path leaks nothing');
      await attempt(client.uploadMedia(h.webhook, file, 'file'));
      assert.equal(h.sim.uploads.length, 1, 'the upload path was exercised');
      assert.ok(errors.length >= 2);
      const issued = h.sim.requests.flatMap((r) => {
        const a = r.answer as { access_token?: string; accessToken?: string };
        return [a?.access_token, a?.accessToken].filter((t): t is string => typeof t === 'string');
      });
      assert.ok(issued.length >= 1, 'a token was fetched');
      const secrets = [FAKE.token, FAKE.signedToken, FAKE.secret, `SECtest${'e'.repeat(57)}`, FAKE.appSecret, `${FAKE.appSecret}x`, ...issued];
      const signs = h.sim.requests.map((r) => r.query.sign).filter(Boolean);
      const texts = [...h.log.lines, ...events.map((e) => JSON.stringify(e)), ...errors.flatMap((e) => [e.message, e.messageZh, e.detail ?? '', String(e.stack), JSON.stringify(e)])];
      assert.ok(h.log.lines.length > 5);
      assert.ok(events.length > 0);
      for (const text of texts) {
        for (const secret of [...secrets, ...signs, ...signs.map((s) => encodeURIComponent(s))]) {
          assert.ok(!text.includes(secret), `a credential leaked: ${text}`);
        }
      }
    });
  });
});
