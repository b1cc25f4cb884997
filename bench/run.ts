/**
 * `npm run bench`: measures the core against its peers and against DingTalk's limits, prints a
 * table per section and writes bench/results.md.
 *
 *   node out/bench/run.js            full run (a few minutes), writes bench/results.md
 *   node out/bench/run.js --quick    every section with tiny sizes; writes only to a temporary file
 *   node out/bench/run.js --only perMessage,upload   some sections; never overwrites bench/results.md
 *   node out/bench/run.js --out FILE write the report there instead
 *
 * Expects dist/extension.js to be a production build (`node esbuild.js --production`).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { activation } from './activation';
import { describeMachine, load } from './lib/machine';
import { repoRoot, resultsPath } from './lib/paths';
import { markdownReport, textTable } from './lib/report';
import { benchConfig, type BenchConfig, type Section } from './lib/section';
import { markdown } from './markdown';
import { perMessage } from './perMessage';
import { rateLimit } from './rateLimit';
import { requestsPerAction } from './requests';
import { snippetImage } from './snippetImage';
import { targets, type Measured } from './targets';
import { upload } from './upload';
import { vsix } from './vsix';

const SECTIONS: Record<string, (config: BenchConfig) => Promise<Section>> = {
  activation,
  perMessage,
  requests: requestsPerAction,
  rateLimit,
  upload,
  markdown,
  snippetImage,
  vsix,
};

/** A wrong command line: said in one line, without a stack trace. */
class UsageError extends Error {}

interface Args {
  quick: boolean;
  only?: string[];
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined) {
        throw new UsageError(`${flag} needs a value`);
      }
      return next;
    };
    switch (flag) {
      case '--quick':
        args.quick = true;
        break;
      case '--only':
        args.only = value().split(',').filter(Boolean);
        break;
      case '--out':
        args.out = value();
        break;
      default:
        throw new UsageError(`unknown option ${argv[i]} (known: --quick, --only ${Object.keys(SECTIONS).join(',')}, --out FILE)`);
    }
  }
  const unknown = args.only?.filter((name) => !(name in SECTIONS)) ?? [];
  if (unknown.length > 0) {
    throw new UsageError(`unknown section ${unknown.join(', ')} (known: ${Object.keys(SECTIONS).join(', ')})`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = benchConfig(args.quick);
  const names = args.only ?? Object.keys(SECTIONS);
  const machine = describeMachine();
  console.log(`DingTalk Sender benchmarks${args.quick ? ' (--quick: tiny sizes, proves the script works)' : ''}`);
  console.log(`${machine.date} · Node ${machine.node} · ${machine.os} · ${machine.cpu} · ${machine.memory} · load ${machine.loadAtStart.toFixed(2)}\n`);
  const started = performance.now();
  const sections: Section[] = [];
  const measured: Measured[] = [];
  for (const name of names) {
    const sectionStart = performance.now();
    const section = await SECTIONS[name](config);
    sections.push(section);
    measured.push({ section, load: load() });
    console.log(`${textTable(section)}\n  (${((performance.now() - sectionStart) / 1000).toFixed(1)} s, load ${load().toFixed(2)})\n`);
  }
  const summary = targets(measured, config.quick);
  sections.push(summary);
  console.log(`${textTable(summary)}\n`);
  const duration = performance.now() - started;
  // Only a full run of every section may replace the committed results.
  const complete = !args.quick && !args.only;
  const out = args.out ?? (complete ? resultsPath : join(tmpdir(), `dingtalk-sender-bench${args.quick ? '-quick' : ''}.md`));
  const command = `npm run bench${args.quick ? ' -- --quick' : ''}`;
  writeFileSync(out, markdownReport(sections, machine, command, duration, load()));
  const shown = out.startsWith(repoRoot) ? relative(repoRoot, out) : out;
  console.log(`Wrote ${shown} in ${(duration / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `bench: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
