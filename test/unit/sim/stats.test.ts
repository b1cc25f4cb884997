import assert from 'node:assert/strict';
import { DingTalkSimulator } from '../../sim/simulator';

const TOKEN = '0'.repeat(64);
const APP = { appKey: 'dingtestappkey', appSecret: `dingtestappsecret${'0'.repeat(47)}` };

const text = (content: string): object => ({ msgtype: 'text', text: { content } });

function post(url: string, body: object): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('DingTalk simulator stats()', () => {
  let clock: number;
  let sim: DingTalkSimulator;

  beforeEach(async () => {
    clock = Date.UTC(2025, 0, 1);
    sim = await DingTalkSimulator.start({ now: () => clock });
    sim.addWebhookRobot({ accessToken: TOKEN });
    sim.addApp(APP);
  });

  afterEach(() => sim.stop());

  it('is all zeros on a fresh simulator', () => {
    assert.deepEqual(sim.stats(), {
      connections: 0,
      requests: 0,
      byRoute: {},
      messages: 0,
      uploads: 0,
      tokensIssued: { oapi: 0, oauth2: 0 },
      rateLimited: 0,
    });
  });

  it('counts requests per route, messages, tokens and "too fast" answers', async () => {
    await (await fetch(`${sim.origin}/gettoken?appkey=${APP.appKey}&appsecret=${APP.appSecret}`)).text();
    for (let i = 0; i < 22; i++) {
      await (await post(sim.webhookUrl(TOKEN), text(`m${i}`))).text();
    }
    const stats = sim.stats();
    assert.equal(stats.requests, 23);
    assert.deepEqual(stats.byRoute, { 'GET /gettoken': 1, 'POST /robot/send': 22 });
    assert.equal(stats.messages, 20);
    assert.equal(stats.rateLimited, 2);
    assert.deepEqual(stats.tokensIssued, { oapi: 1, oauth2: 0 });
    assert.equal(stats.connections, sim.connections);
    assert.ok(stats.connections >= 1);
  });

  it('is plain data that survives JSON, and starts again from zero after reset()', async () => {
    await (await post(sim.webhookUrl(TOKEN), text('one'))).text();
    const stats = sim.stats();
    assert.deepEqual(JSON.parse(JSON.stringify(stats)), stats);
    sim.reset();
    assert.equal(sim.stats().requests, 0);
    assert.deepEqual(sim.stats().byRoute, {});
  });

  it('does not count requests that were not answered "too fast"', async () => {
    sim.inject({ kind: 'status', status: 503 });
    await (await post(sim.webhookUrl(TOKEN), text('busy'))).text();
    await (await post(`${sim.origin}/robot/send?access_token=unknown`, text('x'))).text();
    assert.equal(sim.stats().rateLimited, 0);
    assert.equal(sim.stats().requests, 2);
  });
});
