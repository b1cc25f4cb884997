import type { SimulatorStats } from '../test/sim/simulator';
import { startHarness, type Harness } from '../test/support/harness';
import { scratch, type Scratch } from './lib/files';
import type { BenchConfig, Section } from './lib/section';
import { median } from './lib/stats';
import { markdownWithImages } from './markdownAction';

/** One user action, the fewest requests DingTalk's API allows for it, and how to perform it. */
interface Action {
  name: string;
  minimum: number;
  /** Why that is the minimum. */
  why: string;
  /** Runs before the simulator's counters are reset (e.g. to warm the token cache). */
  prepare?: (h: Harness, files: Scratch) => Promise<void>;
  run: (h: Harness, files: Scratch) => Promise<void>;
}

const PDF = 'report.pdf';

const ACTIONS: Action[] = [
  {
    name: 'Text message',
    minimum: 1,
    why: '1 send',
    run: async (h) => void (await h.client.sendText(h.webhook, 'Build passed')),
  },
  {
    name: 'File, warm token',
    minimum: 2,
    why: '1 upload + 1 send',
    prepare: async (h, files) => void (await h.client.sendFile(h.webhook, files.path(PDF))),
    run: async (h, files) => void (await h.client.sendFile(h.webhook, files.path(PDF))),
  },
  {
    name: 'File, cold token',
    minimum: 3,
    why: '1 token + 1 upload + 1 send',
    run: async (h, files) => void (await h.newClient().sendFile(h.webhook, files.path(PDF))),
  },
  {
    name: 'Markdown with two local images, warm token',
    minimum: 3,
    why: '2 uploads + 1 send',
    prepare: async (h, files) => void (await h.client.sendFile(h.webhook, files.path(PDF))),
    run: (h, files) => markdownWithImages(h.client, h.webhook, files),
  },
  {
    name: 'File to an enterprise app robot, cold tokens',
    minimum: 4,
    why: '2 tokens (oapi for the upload, oauth2 for the send) + 1 upload + 1 send',
    run: async (h, files) => void (await h.newClient().sendFile(h.app, files.path(PDF))),
  },
];

function routes(stats: SimulatorStats): string {
  return Object.entries(stats.byRoute)
    .map(([route, n]) => `${n}× ${route}`)
    .join(', ');
}

/** Requests the simulator received for each user action, against the minimum the API allows. */
export async function requestsPerAction(config: BenchConfig): Promise<Section> {
  const files = await scratch();
  await files.randomFile(PDF, 64 * 1024);
  const counts = new Map<string, number[]>();
  const seen = new Map<string, string>();
  try {
    for (let run = 0; run < config.runs; run++) {
      const h = await startHarness();
      try {
        for (const action of ACTIONS) {
          await action.prepare?.(h, files);
          h.sim.reset();
          await action.run(h, files);
          const stats = h.sim.stats();
          counts.set(action.name, [...(counts.get(action.name) ?? []), stats.requests]);
          seen.set(action.name, routes(stats));
        }
      } finally {
        await h.stop();
      }
    }
  } finally {
    await files.dispose();
  }
  const rows = ACTIONS.map((action) => {
    const n = median(counts.get(action.name) ?? []);
    const verdict = n === action.minimum ? 'at the minimum' : `${n - action.minimum > 0 ? '+' : ''}${n - action.minimum}`;
    return [action.name, String(n), `${action.minimum} (${action.why})`, verdict, seen.get(action.name) ?? ''];
  });
  const over = rows.filter((row) => row[3] !== 'at the minimum').map((row) => row[0]);
  return {
    title: 'Requests per user action',
    method: `Each action performed with the core against the simulator, which counts the requests it receives; median of ${config.runs} runs (the counts do not vary).`,
    columns: ['Action', 'Requests', 'Minimum', 'Verdict', 'What the simulator received'],
    rows,
    notes: [
      over.length === 0 ? 'Every action takes the fewest requests the DingTalk API allows.' : `Over the minimum: ${over.join(', ')}.`,
      'A warm token is one the client fetched earlier and cached (valid 2 hours); a cold token means a new client that must fetch one first. The markdown action is warm: a cold one adds the same single token request as a file.',
    ],
  };
}
