import { strict as assert } from 'node:assert';
import { DingTalkClient, type ClientEvent } from '../../../src/core';
import { ClientLifecycle } from '../../../src/extension/clientLifecycle';
import { startHarness, type Harness } from '../../support/harness';

/** Waits, turn by turn of the event loop, until `done()`: the close runs once the send's last callbacks have. */
async function eventually(done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    assert.ok(turn < 1000, 'never happened');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('ClientLifecycle', () => {
  let h: Harness;
  let made: DingTalkClient[];
  let closed: DingTalkClient[];
  let clients: ClientLifecycle;

  beforeEach(async () => {
    h = await startHarness();
    made = [];
    closed = [];
    clients = new ClientLifecycle((onEvent) => {
      const client = new DingTalkClient({ clock: h.clock, logger: h.log, onEvent });
      const close = client.close.bind(client);
      client.close = () => {
        closed.push(client);
        return close();
      };
      made.push(client);
      return client;
    });
  });
  afterEach(async () => {
    await clients.dispose();
    await h.stop();
  });

  it('makes the client on first use and keeps it', () => {
    assert.equal(made.length, 0);
    assert.equal(clients.client(), clients.client());
    assert.equal(made.length, 1);
  });

  it('after renew, the next send gets a new client while one under way finishes on the old one, and listeners hear both', async () => {
    const events: ClientEvent[] = [];
    clients.onEvent((event) => events.push(event));
    const old = clients.client();
    const underWay = old.sendText(h.webhook, 'started before the proxy changed');
    clients.renew();
    const fresh = clients.client();
    assert.notEqual(fresh, old);
    await underWay;
    await fresh.sendText(h.webhook, 'sent after');
    assert.deepEqual(h.sim.messages.map((m) => m.body.text?.content), ['started before the proxy changed', 'sent after']);
    assert.equal(events.filter((event) => event.type === 'queue').length >= 2, true);
    assert.ok(!closed.includes(fresh), 'the current client stays open');
  });

  it('closes a replaced client once its sends are over, not before, and not only at dispose', async () => {
    const old = clients.client();
    // The answer is slow: the send is still under way when the proxy changes.
    h.sim.inject({ kind: 'latency', ms: 300, path: '/robot/send' });
    const underWay = old.sendText(h.webhook, 'under way while the proxy changed');
    clients.renew();
    assert.deepEqual(closed, [], 'not while its send is under way');
    assert.equal(clients.retiring, 1);
    await underWay;
    await eventually(() => clients.retiring === 0);
    assert.deepEqual(closed, [old]);
    assert.equal(h.sim.messages.length, 1, 'the send finished on it');
  });

  it('closes a replaced client that had nothing under way at once', async () => {
    const old = clients.client();
    await old.sendText(h.webhook, 'done before the proxy changed');
    clients.renew();
    await eventually(() => clients.retiring === 0);
    assert.deepEqual(closed, [old]);
  });

  it('closes the current client and every one it replaced on dispose; a removed listener hears nothing more', async () => {
    const events: ClientEvent[] = [];
    const subscription = clients.onEvent((event) => events.push(event));
    const first = clients.client();
    clients.renew();
    const second = clients.client();
    subscription.dispose();
    await second.sendText(h.webhook, 'unheard');
    assert.deepEqual(events, []);
    await clients.dispose();
    assert.deepEqual(new Set(closed), new Set([first, second]));
  });
});
