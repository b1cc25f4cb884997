import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DingTalkClient } from '../../../src/core/client';
import { DingTalkError } from '../../../src/core/errors';
import type { Robot } from '../../../src/core/robot';
import type { FaultSpec } from '../../sim/simulator';
import { startHarness, type Harness } from '../../support/harness';

/**
 * Issue 15's proof: every fault the simulator injects, before and after it processed the request, on
 * every route a send uses, for both robot kinds and for files. For each case one message is sent and
 * the simulator's deliveries are compared with what the client said.
 */

type Outcome = 'sent' | 'mayHaveArrived' | 'failed';

interface Tally {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  failedButDelivered: number;
  mayHaveArrived: number;
  mayHaveArrivedDelivered: number;
  failed: number;
}

interface Scenario {
  name: string;
  routes: string[];
  robot: (h: Harness) => Robot;
  send: (client: DingTalkClient, robot: Robot, tag: string, dir: string) => Promise<unknown>;
}

const FAULTS: Array<Omit<FaultSpec, 'path' | 'times'> & { label: string }> = [
  { label: 'reset before processing', kind: 'reset' },
  { label: 'HTTP 503 before processing', kind: 'status', status: 503 },
  { label: 'busy before processing', kind: 'busy' },
  { label: 'throttle answer', kind: 'throttle' },
  { label: 'no answer (hang) before processing', kind: 'hang' },
  { label: 'reset after processing', kind: 'resetAfterProcessing' },
  { label: 'HTTP 502 after processing', kind: 'status', status: 502, afterProcessing: true },
  { label: 'busy after processing', kind: 'busy', afterProcessing: true },
  { label: 'no answer (hang) after processing', kind: 'hang', afterProcessing: true },
];

function fileOf(dir: string, tag: string): string {
  const path = join(dir, `report-${tag}.pdf`);
  writeFileSync(path, `%PDF-1.4 ${tag}\n`);
  return path;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'webhook text',
    routes: ['/robot/send'],
    robot: (h) => h.webhook,
    send: (client, robot, tag) => client.sendText(robot, `fault case ${tag}`),
  },
  {
    name: 'webhook file',
    routes: ['/gettoken', '/media/upload', '/robot/send'],
    robot: (h) => h.webhook,
    send: (client, robot, tag, dir) => client.sendFile(robot, fileOf(dir, tag)),
  },
  {
    name: 'app group text',
    routes: ['/v1.0/oauth2/accessToken', '/v1.0/robot/groupMessages/send'],
    robot: (h) => h.app,
    send: (client, robot, tag) => client.sendText(robot, `fault case ${tag}`),
  },
  {
    name: 'app one-to-one text',
    routes: ['/v1.0/oauth2/accessToken', '/v1.0/robot/oToMessages/batchSend'],
    robot: (h) => h.app,
    send: (client, robot, tag) => client.sendText(robot, `fault case ${tag}`, { userIds: ['user001', 'user002'] }),
  },
  {
    name: 'app file',
    routes: ['/gettoken', '/media/upload', '/v1.0/oauth2/accessToken', '/v1.0/robot/groupMessages/send'],
    robot: (h) => h.app,
    send: (client, robot, tag, dir) => client.sendFile(robot, fileOf(dir, tag)),
  },
];

function emptyTally(): Tally {
  return { sent: 0, delivered: 0, lost: 0, duplicated: 0, failedButDelivered: 0, mayHaveArrived: 0, mayHaveArrivedDelivered: 0, failed: 0 };
}

describe('core/faults: nothing lost, nothing doubled, every uncertain send said as such', function () {
  this.timeout(120_000);
  let h: Harness;
  let dir: string;
  const totals = new Map<string, Tally>();

  before(async () => {
    h = await startHarness();
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-faults-'));
  });
  after(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
    console.log('\n      fault injection (per scenario): sent / delivered / lost / duplicated / reported-failed-but-delivered / may-have-arrived (of them delivered) / failed');
    for (const [name, t] of totals) {
      console.log(
        `      ${name.padEnd(20)} ${t.sent} / ${t.delivered} / ${t.lost} / ${t.duplicated} / ${t.failedButDelivered} / ${t.mayHaveArrived} (${t.mayHaveArrivedDelivered}) / ${t.failed}`,
      );
    }
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: ${scenario.routes.join(', ')}`, async () => {
      const tally = emptyTally();
      const problems: string[] = [];
      let n = 0;
      for (const path of scenario.routes) {
        for (const fault of FAULTS) {
          for (const times of fault.kind === 'hang' ? [1] : [1, 3]) {
            n += 1;
            const tag = `${scenario.name.replace(/\W+/g, '-')}-${n}`;
            const label = `${path} ${fault.label} ×${times}`;
            h.sim.reset();
            const { label: _, ...spec } = fault;
            h.sim.inject({ ...spec, path, times });
            // The harness closes every client it made when it stops.
            const client = h.newClient({ transport: { requestTimeoutMs: 200, uploadTimeoutMs: 200 } });
            let outcome: Outcome = 'sent';
            try {
              await scenario.send(client, scenario.robot(h), tag, dir);
            } catch (error) {
              assert.ok(error instanceof DingTalkError, `${label}: ${String(error)}`);
              outcome = error.mayHaveArrived ? 'mayHaveArrived' : 'failed';
            }
            const delivered = h.sim.messages.filter((m) => JSON.stringify(m.body).includes(tag)).length;
            tally.sent += 1;
            tally.delivered += Math.min(delivered, 1);
            if (outcome === 'sent' && delivered === 0) {
              tally.lost += 1;
              problems.push(`${label}: reported sent, not delivered`);
            }
            if (delivered > 1) {
              tally.duplicated += 1;
              problems.push(`${label}: delivered ${delivered} times`);
            }
            if (outcome === 'failed' && delivered > 0) {
              tally.failedButDelivered += 1;
              problems.push(`${label}: reported failed, but delivered`);
            }
            if (outcome === 'mayHaveArrived') {
              tally.mayHaveArrived += 1;
              tally.mayHaveArrivedDelivered += Math.min(delivered, 1);
            }
            if (outcome === 'failed') {
              tally.failed += 1;
            }
          }
        }
      }
      totals.set(scenario.name, tally);
      assert.deepEqual(problems, []);
      assert.ok(tally.delivered > 0 && tally.sent === n);
    });
  }
});
