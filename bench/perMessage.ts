import { globalAgent } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DingTalkClient } from '../src/core';
import { hasCurl, runProgram } from './lib/child';
import { benchRobot } from './lib/fixtures';
import { loadChatBot, peerVersion } from './lib/peer';
import type { BenchConfig, Section } from './lib/section';
import { SimProcess } from './lib/simProcess';
import { median, ms, ratio, since } from './lib/stats';

interface PeerRun {
  elapsedMs: number;
  connections: number;
  delivered: number;
}

type Sender = (count: number, sim: SimProcess) => Promise<void>;

const content = (i: number): string => `bench message ${i}`;

/**
 * The core as the extension uses it. Its limiter stays on with DingTalk's 20 sends but a 1 ms window:
 * it does the bookkeeping it does in use (at most 20 live slots) without ever making a send wait.
 */
const core: Sender = async (count, sim) => {
  const client = new DingTalkClient({ rateLimit: { limit: 20, windowMs: 1 } });
  const robot = benchRobot(sim.origin);
  try {
    for (let i = 0; i < count; i++) {
      await client.sendText(robot, content(i));
    }
  } finally {
    await client.close();
  }
};

/** dingtalk-robot-sender with its defaults (axios, Node's global agent). */
const robotSender: Sender = async (count, sim) => {
  const ChatBot = loadChatBot();
  const bot = new ChatBot({ webhook: sim.webhookUrl() });
  try {
    for (let i = 0; i < count; i++) {
      const answer = await bot.text(content(i));
      if (answer.data.errcode !== 0) {
        throw new Error(`dingtalk-robot-sender: ${JSON.stringify(answer.data)}`);
      }
    }
  } finally {
    // Closes its kept-alive sockets, as client.close() does for the core, so each run starts cold.
    globalAgent.destroy();
  }
};

/** What a shell user writes: one curl process per message. */
const CURL_LOOP = `
url="$1"; n="$2"
i=0
while [ "$i" -lt "$n" ]; do
  curl -sS -o /dev/null -X POST -H 'Content-Type: application/json' \\
    -d "{\\"msgtype\\":\\"text\\",\\"text\\":{\\"content\\":\\"bench message $i\\"}}" "$url" || exit 1
  i=$((i + 1))
done
`;

function curlLoop(scriptPath: string): Sender {
  return async (count, sim) => {
    const result = await runProgram('bash', [scriptPath, sim.webhookUrl(), String(count)]);
    if (result.code !== 0) {
      throw new Error(`curl loop failed (${result.code}): ${result.stderr}`);
    }
  };
}

async function measure(sim: SimProcess, count: number, send: Sender): Promise<PeerRun> {
  await sim.reset();
  const start = performance.now();
  await send(count, sim);
  const elapsedMs = since(start);
  const stats = await sim.stats();
  if (stats.messages !== count) {
    throw new Error(`expected ${count} messages at the simulator, found ${stats.messages}`);
  }
  return { elapsedMs, connections: stats.connections, delivered: stats.messages };
}

/** N text messages, one after another, from the core, dingtalk-robot-sender and a curl loop. */
export async function perMessage(config: BenchConfig): Promise<Section> {
  const dir = await mkdtemp(join(tmpdir(), 'dingtalk-bench-'));
  const scriptPath = join(dir, 'curl-loop.sh');
  await writeFile(scriptPath, CURL_LOOP);
  const sim = await SimProcess.start({ rateLimit: false });
  const peers: Array<{ name: string; send: Sender; warmUp: number; runs: PeerRun[] }> = [
    { name: 'this core (DingTalkClient.sendText)', send: core, warmUp: config.messages, runs: [] },
    { name: `dingtalk-robot-sender ${peerVersion()} (axios)`, send: robotSender, warmUp: config.messages, runs: [] },
    { name: 'curl loop (one process per message)', send: curlLoop(scriptPath), warmUp: Math.min(20, config.messages), runs: [] },
  ];
  const curl = hasCurl();
  if (!curl) {
    peers.pop();
  }
  try {
    // Warm-up, not counted: a full round for the Node peers (JIT) and the simulator, a few for curl (disk cache).
    for (const peer of peers) {
      await measure(sim, peer.warmUp, peer.send);
    }
    for (let run = 0; run < config.runs; run++) {
      // Each run in a different order, so that no peer always goes first.
      for (let k = 0; k < peers.length; k++) {
        const peer = peers[(run + k) % peers.length];
        peer.runs.push(await measure(sim, config.messages, peer.send));
      }
    }
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const perMessageMs = peers.map((peer) => median(peer.runs.map((r) => r.elapsedMs / config.messages)));
  // Ratios are taken run by run (same run, same machine state), then their median is shown.
  const ratios = peers.map((peer) => median(peer.runs.map((r, i) => r.elapsedMs / peers[0].runs[i].elapsedMs)));
  const rows = peers.map((peer, i) => [
    peer.name,
    ms(perMessageMs[i]),
    i === 0 ? '1.00×' : ratio(ratios[i], 1),
    String(median(peer.runs.map((r) => r.connections))),
    `${median(peer.runs.map((r) => r.delivered))}/${config.messages}`,
  ]);
  const fasterThanCore = peers.filter((_, i) => i > 0 && ratios[i] < 1).map((p) => p.name);
  const coreConnections = median(peers[0].runs.map((r) => r.connections));
  return {
    title: 'Per-message overhead',
    method: `${config.messages} text messages sent one after another to the simulator (its rate limit off, in its own process) on loopback; median of ${config.runs} runs, peers in rotating order, after an uncounted warm-up.`,
    columns: ['Sender', 'Wall time per message', 'vs this core', 'TCP connections', 'Delivered'],
    rows,
    figures: { sequentialConnections: coreConnections },
    notes: [
      ...(curl ? [] : ['curl is not installed here: the curl loop was left out.']),
      '"vs this core" is the median of the ratios taken run by run, so it can differ a little from the ratio of the two medians.',
      fasterThanCore.length > 0
        ? `Faster than the core here: ${fasterThanCore.join(', ')}. The core does more per message: it validates the robot, checks size and keywords, gives every message a msgUuid (so a retry never posts twice), passes the rate limiter, and reads every answer's errcode.`
        : 'Both peers take longer per message than the core in this run.',
      coreConnections <= 1
        ? 'TCP connections are counted by the simulator: the core keeps one connection alive for the whole run.'
        : `TCP connections are counted by the simulator. The core opened ${coreConnections} for sequential sends, where one would do: the transport lets each origin have one socket for requests that take turns (src/core/transport.ts), so the server or the client closed kept-alive connections in between. Against oapi.dingtalk.com each is one extra TLS handshake.`,
      'The core\'s rate limiter stays on (DingTalk\'s 20 sends, but in a 1 ms window so it never waits), so its bookkeeping is part of the figure. curl pays for a new process and a new connection per message.',
    ],
  };
}
