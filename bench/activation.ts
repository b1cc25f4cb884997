import { statSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { ActivationRun } from './activation/child';
import { runNode } from './lib/child';
import { bundlePath, checkProductionBundle, script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { bytes, medianOf, ms } from './lib/stats';

/** Bundle size, and the time to load dist/extension.js and run activate() in a fresh Node process. */
export async function activation(config: BenchConfig): Promise<Section> {
  checkProductionBundle();
  const size = statSync(bundlePath).size;
  const gzipped = gzipSync(readFileSync(bundlePath), { level: 9 }).length;
  const runs: ActivationRun[] = [];
  for (let i = 0; i < config.activationRuns; i++) {
    runs.push(await runNode<ActivationRun>(script('activation/child'), [bundlePath]));
  }
  const load = medianOf(runs, (r) => r.loadMs);
  const activate = medianOf(runs, (r) => r.activateMs);
  const total = medianOf(runs, (r) => r.loadMs + r.activateMs);
  const first = runs[0];
  return {
    title: 'Activation',
    method: `dist/extension.js as \`node esbuild.js --production\` builds it; load + activate() timed inside ${config.activationRuns} fresh Node processes (median), with a fake \`vscode\` module and a minimal ExtensionContext holding one robot.`,
    columns: ['Figure', 'Value'],
    rows: [
      ['Bundle size (minified)', bytes(size)],
      ['Bundle size (gzip -9, for scale)', bytes(gzipped)],
      ['Load the bundle (require)', ms(load)],
      ['Run activate()', ms(activate)],
      ['Load + activate', ms(total)],
    ],
    figures: { bundleBytes: size, loadActivateMs: total },
    notes: [
      `activate() registered ${first.commands} commands and touched: ${Object.entries(first.touched)
        .map(([name, n]) => `${name} ×${n}`)
        .join(', ')}.`,
      'Node startup itself (tens of ms) is not included: VS Code\'s extension host is already running when it activates an extension.',
    ],
  };
}
