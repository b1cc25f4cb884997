import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ActivationRun } from './activation/child';
import { runNode } from './lib/child';
import { bundlePath, checkProductionBundle, repoRoot, script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { bytes, medianOf, ms } from './lib/stats';

/** The last commit of main that built one bundle loaded whole at activation (issue 17's "before"). */
const ONE_BUNDLE_COMMIT = '15c4332';

/**
 * That commit's production build, made from its sources with this checkout's node_modules, in a
 * temporary folder; undefined when the history is not there (a copy without .git).
 */
function buildBefore(): { bundle: string; folder: string } | undefined {
  const folder = mkdtempSync(join(tmpdir(), 'dingtalk-sender-before-'));
  try {
    const archive = join(folder, 'before.tar');
    execFileSync('git', ['-C', repoRoot, 'archive', `--output=${archive}`, ONE_BUNDLE_COMMIT, 'esbuild.js', 'package.json', 'src'], { stdio: 'pipe' });
    execFileSync('tar', ['-xf', archive, '-C', folder], { stdio: 'pipe' });
    symlinkSync(join(repoRoot, 'node_modules'), join(folder, 'node_modules'), 'dir');
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: folder, stdio: 'pipe' });
    return { bundle: join(folder, 'dist', 'extension.js'), folder };
  } catch {
    rmSync(folder, { recursive: true, force: true });
    return undefined;
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
export async function activation(config: BenchConfig): Promise<Section> {
  checkProductionBundle();
  const before = buildBefore();
  try {
    const runs: Record<'now' | 'old', ActivationRun[]> = { now: [], old: [] };
    for (let i = 0; i < config.activationRuns; i++) {
      runs.now.push(await runNode<ActivationRun>(script('activation/child'), [bundlePath, 'send']));
      if (before) {
        runs.old.push(await runNode<ActivationRun>(script('activation/child'), [before.bundle, 'send']));
      }
    }
    const now = summary(bundlePath, runs.now);
    const old = before && summary(before.bundle, runs.old);
    const row = (label: string, pick: (m: Measured) => string): string[] => [label, old ? pick(old) : 'not built', pick(now)];
    return {
      title: 'Activation',
      method: `dist/extension.js as \`node esbuild.js --production\` builds it, and the one-bundle build of commit ${ONE_BUNDLE_COMMIT} built in the same run; load + activate() timed inside ${config.activationRuns} fresh Node processes each (median), with a fake \`vscode\` module and a minimal ExtensionContext holding one robot, then Send Message twice to a local HTTP server (command to the request's first byte on the wire).`,
      columns: ['Figure', `Before (${ONE_BUNDLE_COMMIT}, one bundle)`, 'Now'],
      rows: [
        row('Bundle loaded at activation (minified)', (m) => bytes(m.size)),
        row('Bundle loaded at activation (gzip -9, for scale)', (m) => bytes(m.gzipped)),
        row('Load the bundle (require)', (m) => ms(m.load)),
        row('Run activate()', (m) => ms(m.activate)),
        row('Load + activate', (m) => ms(m.total)),
        row('First send after activation, command → first byte (cold)', (m) => ms(m.cold)),
        row('Next send, command → first byte (warm)', (m) => ms(m.warm)),
      ],
      figures: { bundleBytes: now.size, loadActivateMs: now.total, firstSendColdMs: now.cold, firstSendWarmMs: now.warm },
      figuresBefore: old && { bundleBytes: old.size, loadActivateMs: old.total, firstSendColdMs: old.cold, firstSendWarmMs: old.warm },
      notes: [
        `activate() registered ${now.first.commands} commands, loaded ${now.first.loaded.join(', ')} of dist/ and touched: ${Object.entries(now.first.touched)
          .map(([name, n]) => `${name} ×${n}`)
          .join(', ')}.`,
        `The first send loaded ${now.first.send?.loaded.filter((file) => !now.first.loaded.includes(file)).join(', ') || 'nothing more'}: the cold send pays that once.`,
        ...(old ? [] : [`The before build was not made (no git history of ${ONE_BUNDLE_COMMIT} here).`]),
        'Node startup itself (tens of ms) is not included: VS Code\'s extension host is already running when it activates an extension.',
      ],
    };
  } finally {
    if (before && existsSync(before.folder)) {
      rmSync(before.folder, { recursive: true, force: true });
    }
  }
}
