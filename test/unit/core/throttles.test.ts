import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent, DingTalkClient } from '../../../src/core/client';
import type { DingTalkError } from '../../../src/core/errors';
import { robotKey, type Robot } from '../../../src/core/robot';
import { THROTTLE_PATIENCE_MS } from '../../../src/core/throttles';
import type { ThrottleForm } from '../../sim/types';
import { startHarness, type Harness } from '../../support/harness';

describe('core: throttles outside the send queue', () => {
  let h: Harness;
  let dir: string;
  let pdf: string;
  beforeEach(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-throttles-'));
    pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, '%PDF-1.4 a throttled report\n');
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function client(events: ClientEvent[]): DingTalkClient {
    return h.newClient({ onEvent: (event) => events.push(event) });
  }

  const robots = (): Array<[string, Robot]> => [
    ['a webhook robot', h.webhook],
    ['an app robot', h.app],
  ];

  for (const [path, what] of [
    ['/media/upload', 'the upload'],
    ['/gettoken', 'the upload\'s token fetch'],
  ] as const) {
    for (const index of [0, 1]) {
      it(`waits out a throttle answer to ${what} of ${index === 0 ? 'a webhook' : 'an app'} robot's file, says it once with the time it resumes, and sends the file`, async () => {
        const [, robot] = robots()[index];
        const events: ClientEvent[] = [];
        h.sim.inject({ kind: 'throttle', path });
        const result = await client(events).sendFile(robot, pdf);
        assert.equal(result.sentAs, 'file');
        assert.equal(h.sim.uploads.length, 1, 'uploaded once');
        assert.equal(h.sim.messages.length, 1, 'one file message');
        const throttled = events.filter((event) => event.type === 'rateLimited');
        assert.equal(throttled.length, 1, `told once: ${JSON.stringify(throttled)}`);
        assert.equal(throttled[0].robot, robotKey(robot), 'under the robot the send is for');
        const [refused, accepted] = h.sim.requests.filter((request) => request.path === path);
        assert.equal((refused.answer as { errcode?: number }).errcode, 90018);
        assert.ok(accepted.at >= throttled[0].resumeAt, `went again at ${accepted.at}, when the throttle ended (${throttled[0].resumeAt})`);
      });
    }
  }

  it('holds the robot\'s queue while an upload waits out a throttle: a message queued meanwhile goes after it ends', async () => {
    const events: ClientEvent[] = [];
    let queued: Promise<unknown> | undefined;
    const sender = h.newClient({
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'rateLimited') {
          queued ??= sender.sendText(h.webhook, 'queued during the throttle');
        }
      },
    });
    h.sim.inject({ kind: 'throttle', path: '/media/upload' });
    await sender.sendFile(h.webhook, pdf);
    assert.ok(queued, 'the throttle was reported');
    await queued;
    const resumeAt = events.find((event) => event.type === 'rateLimited')?.resumeAt ?? Infinity;
    const text = h.sim.messages.find((message) => message.body.text?.content === 'queued during the throttle');
    assert.ok(text && text.at >= resumeAt, `the message went at ${text?.at}, not before the throttle ended at ${resumeAt}`);
    assert.equal(events.filter((event) => event.type === 'rateLimited').length, 1, 'one notice for the one throttle');
  });

  it('waits out a throttle answer to an app robot\'s token fetch before its message', async () => {
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'throttle', path: '/v1.0/oauth2/accessToken' });
    await client(events).sendText(h.app, 'after the token throttle');
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(
      events.filter((event) => event.type === 'rateLimited').map((event) => event.robot),
      [robotKey(h.app)],
    );
  });

  for (const index of [0, 1]) {
    it(`a throttle answer to prepareUpload's token fetch for ${index === 0 ? 'a webhook' : 'an app'} robot pauses the robot without waiting or telling; the upload then waits it out, says so once, and fetches the token after it`, async () => {
      const [, robot] = robots()[index];
      const events: ClientEvent[] = [];
      const uploader = client(events);
      h.sim.inject({ kind: 'throttle', path: '/gettoken' });
      const startedAt = h.clock.now();
      await uploader.prepareUpload(robot);
      assert.equal(h.clock.now(), startedAt, 'prepareUpload waited out the throttle');
      assert.deepEqual(events.filter((event) => event.type === 'rateLimited'), [], 'the host heard of it while nobody sends');
      const pausedUntil = uploader.queueStats(robot).pausedUntil;
      assert.ok(pausedUntil !== undefined && pausedUntil > startedAt, 'the robot is paused');
      // Nothing more is sent into the throttle ahead of need.
      await uploader.prepareUpload(robot);
      assert.deepEqual(h.sim.requests.map((request) => request.path), ['/gettoken']);
      assert.equal((await uploader.sendFile(robot, pdf)).sentAs, 'file');
      const throttled = events.filter((event) => event.type === 'rateLimited');
      assert.deepEqual(throttled.map((event) => [event.robot, event.resumeAt]), [[robotKey(robot), pausedUntil]], 'told once, by the upload');
      const tokens = h.sim.requests.filter((request) => request.path === '/gettoken');
      assert.equal(tokens.length, 2);
      assert.ok(tokens[1].at >= pausedUntil, `the upload's token fetch went at ${tokens[1].at}, before the pause ended at ${pausedUntil}`);
    });
  }

  it('still fails after DingTalk keeps throttling the upload, with the throttle\'s reason', async () => {
    h.sim.inject({ kind: 'throttle', path: '/media/upload', times: 10 });
    const error = await h.client.sendFile(h.webhook, pdf).then(
      () => assert.fail('sent'),
      (caught: unknown) => caught as { reason?: string },
    );
    assert.equal(error.reason, 'throttled');
    assert.equal(h.sim.uploads.length, 0);
    assert.equal(h.sim.messages.length, 0);
  });
});

describe('core: the gateway\'s throttle answers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  const MINUTE = 60_000;
  const routes = {
    webhook: '/robot/send',
    app: '/v1.0/robot/groupMessages/send',
  } as const;
  /** How long each form holds the robot: what the body says (wait 5 → 5 minutes), else the documented block. */
  const cases: Array<{ form: ThrottleForm; wait?: number; webhookMs: number; appMs: number }> = [
    { form: 'gateway', webhookMs: 5 * MINUTE, appMs: 5 * MINUTE },
    { form: 'gateway', wait: 2, webhookMs: 2 * MINUTE, appMs: 2 * MINUTE },
    // With the webhook's errcode, the robot's own 10-minute throttle is the longer.
    { form: 'gatewayWithErrcode', webhookMs: 10 * MINUTE, appMs: 10 * MINUTE },
    // A 302 is reported for the whole of a webhook robot's throttle; elsewhere it is the address's 5-minute block.
    { form: 'redirect', webhookMs: 10 * MINUTE, appMs: 5 * MINUTE },
    { form: 'html', webhookMs: 10 * MINUTE, appMs: 5 * MINUTE },
  ];

  for (const { form, wait, webhookMs, appMs } of cases) {
    for (const kind of ['webhook', 'app'] as const) {
      const expected = kind === 'webhook' ? webhookMs : appMs;
      it(`reads ${form}${wait ? ` (wait ${wait})` : ''} to ${kind === 'webhook' ? 'a webhook' : 'an app'} robot as a throttle of ${expected / MINUTE} minutes, waits it out once and delivers`, async () => {
        const events: ClientEvent[] = [];
        const robot = kind === 'webhook' ? h.webhook : h.app;
        h.sim.inject({ kind: 'throttle', path: routes[kind], form, wait });
        await h.newClient({ onEvent: (event) => events.push(event) }).sendText(robot, `after the gateway's ${form}`);
        assert.equal(h.sim.messages.length, 1, 'delivered once');
        const throttled = events.filter((event) => event.type === 'rateLimited');
        assert.equal(throttled.length, 1, `told once: ${JSON.stringify(throttled)}`);
        const [refused, accepted] = h.sim.requests.filter((request) => request.path === routes[kind]);
        assert.equal(throttled[0].resumeAt - refused.at, expected, 'resumes when the throttle ends');
        assert.ok(accepted.at >= throttled[0].resumeAt, 'nothing sent into the throttle');
      });
    }
  }

  it('waits out a page that stays after the whole wait only once, then fails: a proxy\'s login page is not hidden for half an hour', async () => {
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'throttle', path: routes.webhook, form: 'html', times: 10 });
    const error = await h
      .newClient({ onEvent: (event) => events.push(event) })
      .sendText(h.webhook, 'behind a login page')
      .then(
        () => assert.fail('sent'),
        (caught: unknown) => caught as DingTalkError,
      );
    assert.equal(error.reason, 'throttled');
    assert.match(error.message, /check the proxy/);
    assert.equal(h.sim.requests.filter((request) => request.path === routes.webhook).length, 2, 'the refusal, and one try after the wait');
    assert.equal(events.filter((event) => event.type === 'rateLimited').length, 1);
  });

  it('still waits out the gateway\'s own body (it states its wait) more than once', async () => {
    h.sim.inject({ kind: 'throttle', path: routes.webhook, form: 'gateway', wait: 1, times: 2 });
    await h.client.sendText(h.webhook, 'after two refusals');
    assert.equal(h.sim.messages.length, 1);
  });

  it('says what the gateway\'s refusal means when it lasts beyond the send\'s patience, in both languages', async () => {
    h.sim.inject({ kind: 'throttle', path: routes.webhook, form: 'redirect', times: 10 });
    const error = await h.client.sendText(h.webhook, 'never through').then(
      () => assert.fail('sent'),
      (caught: unknown) => caught as DingTalkError,
    );
    assert.equal(error.reason, 'throttled');
    assert.equal(error.mayHaveArrived, false, 'a refusal, not a lost answer');
    assert.match(error.message, /gateway refused the request \(HTTP 302\).*about 10 minutes.*check the proxy/);
    assert.match(error.messageZh, /钉钉网关拒绝了请求（HTTP 302）.*约 10 分钟/);
    assert.equal(h.sim.messages.length, 0);
  });

  it('reads a proxy\'s HTML error page with a 5xx status as the server error it is, not as the gateway\'s throttle: retried at once', async () => {
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'status', status: 502, html: true, path: routes.webhook });
    await h.newClient({ onEvent: (event) => events.push(event) }).sendText(h.webhook, 'after an HTML 502');
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(events.filter((event) => event.type === 'rateLimited'), []);
  });

  it('never posts an app robot\'s message twice after an HTML 504 that came after DingTalk took it: "may have arrived", not a throttle waited out and sent again', async () => {
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'status', status: 504, html: true, path: routes.app, afterProcessing: true });
    const error = await h
      .newClient({ onEvent: (event) => events.push(event) })
      .sendText(h.app, 'posted once')
      .then(
        () => assert.fail('reported as sent'),
        (caught: unknown) => caught as DingTalkError,
      );
    assert.equal(h.sim.messages.length, 1, 'posted once');
    assert.equal(error.mayHaveArrived, true, error.message);
    assert.equal(error.retryMayDuplicate, true);
    assert.deepEqual(events.filter((event) => event.type === 'rateLimited'), []);
  });

  it('still reads a plain 502 as the server error it is: retried at once, no throttle', async () => {
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'status', status: 502, path: routes.webhook });
    await h.newClient({ onEvent: (event) => events.push(event) }).sendText(h.webhook, 'after a 502');
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(events.filter((event) => event.type === 'rateLimited'), []);
  });
});

describe('core: how long a send waits out throttles (THROTTLE_PATIENCE_MS)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  const MINUTE = 60_000;
  const sendsTo = (path: string): number => h.sim.requests.filter((request) => request.path === path).length;

  it('is DingTalk\'s own robot throttle, ten minutes', () => {
    assert.equal(THROTTLE_PATIENCE_MS, 10 * MINUTE);
  });

  for (const [form, path, robot] of [
    ['gateway', '/robot/send', 'webhook'],
    ['gatewayWithErrcode', '/robot/send', 'webhook'],
    ['gateway', '/v1.0/robot/groupMessages/send', 'app'],
  ] as const) {
    it(`fails at once when the gateway's body (${form}) to ${robot === 'webhook' ? 'a webhook' : 'an app'} robot asks for a longer wait, saying how long, with nothing sent`, async () => {
      const events: ClientEvent[] = [];
      h.sim.inject({ kind: 'throttle', path, form, wait: 45 });
      const started = h.clock.now();
      const error = await h
        .newClient({ onEvent: (event) => events.push(event) })
        .sendText(robot === 'webhook' ? h.webhook : h.app, 'not worth an hour')
        .then(
          () => assert.fail('sent'),
          (caught: unknown) => caught as DingTalkError,
        );
      assert.equal(error.reason, 'throttleTooLong');
      assert.equal(error.mayHaveArrived, false);
      assert.match(error.message, /DingTalk asks to wait 45 minutes before this robot can send or be asked again.*10 minutes in all.*nothing more was sent\. Try again later\./);
      assert.match(error.messageZh, /钉钉要求等待 45 分钟.*共 10 分钟.*请稍后重试/);
      assert.equal(h.sim.messages.length, 0);
      assert.equal(sendsTo(path), 1, 'asked once');
      assert.ok(h.clock.now() - started < MINUTE, `failed without waiting (${h.clock.now() - started} ms)`);
      assert.deepEqual(events.filter((event) => event.type === 'rateLimited'), [], 'no "resuming in 45 minutes"');
    });
  }

  it('holds the robot in the ledger after such a refusal only as long as a send would wait, then asks DingTalk again', async () => {
    h.sim.inject({ kind: 'throttle', path: '/robot/send', form: 'gateway', wait: 45 });
    const refusedAt = h.clock.now();
    await h.client.sendText(h.webhook, 'refused').catch(() => undefined);
    await h.client.sendText(h.webhook, 'the next send');
    const [, next] = h.sim.requests.filter((request) => request.path === '/robot/send');
    assert.ok(next.at - refusedAt >= 10 * MINUTE, 'nothing sent into the throttle while a send would have waited');
    assert.ok(next.at - refusedAt < 11 * MINUTE, `not held for the 45 minutes a body of uncertain unit states (${next.at - refusedAt} ms)`);
    assert.equal(h.sim.messages.length, 1);
  });

  it('waits out one ten-minute throttle, and fails on a second one instead of waiting ten minutes more', async () => {
    const events: ClientEvent[] = [];
    h.sim.inject({ kind: 'throttle', path: '/robot/send', times: 2 });
    const error = await h
      .newClient({ onEvent: (event) => events.push(event) })
      .sendText(h.webhook, 'twice refused')
      .then(
        () => assert.fail('sent'),
        (caught: unknown) => caught as DingTalkError,
      );
    assert.equal(error.reason, 'throttleTooLong');
    assert.match(error.message, /wait 10 minutes/);
    assert.equal(events.filter((event) => event.type === 'rateLimited').length, 1, 'the first one waited out, and told');
    assert.equal(sendsTo('/robot/send'), 2);
    assert.equal(h.sim.messages.length, 0);
  });

  it('waits out shorter throttles while they add up to ten minutes, and fails on the one that would pass them', async () => {
    h.sim.inject({ kind: 'throttle', path: '/robot/send', form: 'gateway', wait: 5, times: 2 });
    await h.client.sendText(h.webhook, 'after five and five minutes');
    assert.equal(h.sim.messages.length, 1, '10 minutes in all: delivered');

    h.sim.inject({ kind: 'throttle', path: '/robot/send', form: 'gateway', wait: 6, times: 2 });
    const error = await h.client.sendText(h.webhook, 'after six and six minutes').then(
      () => assert.fail('sent'),
      (caught: unknown) => caught as DingTalkError,
    );
    assert.equal(error.reason, 'throttleTooLong');
    assert.match(error.message, /wait 6 minutes/);
    assert.equal(h.sim.messages.length, 1);
  });

  it('keeps the parts that arrived of a split send for the Retry', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(90)}`).join('\n');
    h.sim.inject({ kind: 'throttle', path: '/robot/send', form: 'gateway', wait: 30, skip: 1 });
    const error = await h.client.sendText(h.webhook, long).then(
      () => assert.fail('sent'),
      (caught: unknown) => caught as DingTalkError,
    );
    assert.equal(error.reason, 'throttleTooLong');
    assert.equal(error.partial?.sent, 1, 'the first part arrived');
    assert.equal(error.msgUuids?.length, error.partial?.total);
  });
});
