import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientEvent, DingTalkClient } from '../../../src/core/client';
import { robotKey, type Robot } from '../../../src/core/robot';
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
