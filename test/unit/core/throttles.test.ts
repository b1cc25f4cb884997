import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent, DingTalkClient } from '../../../src/core/client';
import type { DingTalkError } from '../../../src/core/errors';
import { robotKey, type Robot } from '../../../src/core/robot';
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
