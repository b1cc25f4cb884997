import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ActivationRun } from './activation/child';
import { runNode } from './lib/child';
import { bundlePath, checkProductionBundle, repoRoot, script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { bytes, medianOf, ms } from './lib/stats';

/**
 * The same sources built as one bundle (`node esbuild.js --production --one-bundle=<dir>`): what
 * activation loaded before issue 17, everything but the snippet image renderer in one file.
 */
function buildOneBundle(): { bundle: string; folder: string } {
  const folder = mkdtempSync(join(tmpdir(), 'dingtalk-sender-one-bundle-'));
  try {
    execFileSync(process.execPath, ['esbuild.js', '--production', `--one-bundle=${folder}`], { cwd: repoRoot, stdio: 'pipe' });
    return { bundle: join(folder, 'extension.js'), folder };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

interface Measured {
  size: number;
  gzipped: number;
  load: number;
  activate: number;
  total: number;
  cold: number;
  warm: number;
  first: ActivationRun;
}

function summary(bundle: string, results: ActivationRun[]): Measured {
  const send = (pick: (s: NonNullable<ActivationRun['send']>) => number) => medianOf(results, (r) => (r.send ? pick(r.send) : NaN));
  return {
    size: statSync(bundle).size,
    gzipped: gzipSync(readFileSync(bundle), { level: 9 }).length,
    load: medianOf(results, (r) => r.loadMs),
    activate: medianOf(results, (r) => r.activateMs),
    total: medianOf(results, (r) => r.loadMs + r.activateMs),
    cold: send((s) => s.coldMs),
    warm: send((s) => s.warmMs),
    first: results[0],
  };
}

/**
 * The bundle VS Code loads at activation, and the time to load it and run activate() in a fresh Node
 * process, then to send a first and a second message; for this build and, in the same run, for the
 * one-bundle build before issue 17 (processes alternate, so machine load falls on both alike).
 */
const ratio = (now: number, before: number): string => (Number.isFinite(now / before) ? `${(now / before).toFixed(2)}×` : 'n/a');

export async function activation(config: BenchConfig): Promise<Section> {
  checkProductionBundle();
  const before = buildOneBundle();
  try {
    const runs: Record<'now' | 'old', ActivationRun[]> = { now: [], old: [] };
    for (let i = 0; i < config.activationRuns; i++) {
      runs.now.push(await runNode<ActivationRun>(script('activation/child'), [bundlePath, 'send']));
      runs.old.push(await runNode<ActivationRun>(script('activation/child'), [before.bundle, 'send']));
    }
    const now = summary(bundlePath, runs.now);
    const old = summary(before.bundle, runs.old);
    const row = (label: string, pick: (m: Measured) => number, show: (value: number) => string): string[] => [label, show(pick(old)), show(pick(now)), ratio(pick(now), pick(old))];
    return {
      title: 'Activation',
      method: `dist/extension.js as \`node esbuild.js --production\` builds it, and the same sources built by this run as one bundle (\`--one-bundle\`, what activation loaded before issue 17); load + activate() timed inside ${config.activationRuns} fresh Node processes each (median), with a fake \`vscode\` module and a minimal ExtensionContext holding one robot, then Send Message twice to a local HTTP server (command to the request's first byte on the wire).`,
      columns: ['Figure', 'One bundle (before)', 'Split bundles (now)', 'Now ÷ before'],
      rows: [
        row('Bundle loaded at activation (minified)', (m) => m.size, bytes),
        row('Bundle loaded at activation (gzip -9, for scale)', (m) => m.gzipped, bytes),
        row('Load the bundle (require)', (m) => m.load, ms),
        row('Run activate()', (m) => m.activate, ms),
        row('Load + activate', (m) => m.total, ms),
        row('First send after activation, command → first byte (cold)', (m) => m.cold, ms),
        row('Next send, command → first byte (warm)', (m) => m.warm, ms),
      ],
      figures: { bundleBytes: now.size, loadActivateMs: now.total, firstSendColdMs: now.cold, firstSendWarmMs: now.warm },
      figuresBefore: { bundleBytes: old.size, loadActivateMs: old.total, firstSendColdMs: old.cold, firstSendWarmMs: old.warm },
      notes: [
        `activate() registered ${now.first.commands} commands, loaded ${now.first.loaded.join(', ')} of dist/ and touched: ${Object.entries(now.first.touched)
          .map(([name, n]) => `${name} ×${n}`)
          .join(', ')}.`,
        `The first send loaded ${now.first.send?.loaded.filter((file) => !now.first.loaded.includes(file)).join(', ') || 'nothing more'}: the cold send pays that once.`,
        `The one bundle loaded ${old.first.loaded.join(', ')} at activation; its code for first use is in that file, parsed at load and run on first use.`,
        'Node startup itself (tens of ms) is not included: VS Code\'s extension host is already running when it activates an extension.',
      ],
    };
  } finally {
    if (existsSync(before.folder)) {
      rmSync(before.folder, { recursive: true, force: true });
    }
  }
}
