import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { bytes } from './lib/stats';

/** Issue 12: the package with the snippet image renderer stays small. */
const TARGET_BYTES = 8 * 1024 * 1024;
/**
 * .vscodeignore with the snippet image renderer left out. vsce includes whatever any `!` line
 * matches, whatever comes after it, so the renderer's lines are taken out rather than excluded
 * again: `!dist/snippetImage/**` goes, and `!dist/*.js` becomes every other bundle by name.
 */
function ignoreWithoutRenderer(ignore: string): string {
  const others = readdirSync(join(repoRoot, 'dist')).filter((file) => file.endsWith('.js') && file !== 'snippetImage.js');
  return ignore
    .split('\n')
    .filter((line) => line.trim() !== '!dist/snippetImage/**')
    .flatMap((line) => (line.trim() === '!dist/*.js' ? others.map((file) => `!dist/${file}`) : [line]))
    .join('\n');
}

function packageOnce(folder: string, name: string, ignoreFile: string): number {
  const out = join(folder, `${name}.vsix`);
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--ignoreFile', ignoreFile, '--out', out], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  return statSync(out).size;
}

/**
 * The .vsix as `npm run package` makes it, and, in the same run, the same package without the
 * snippet image renderer's files: what the extension weighed before issue 12 added them.
 */
export async function vsix(config: BenchConfig): Promise<Section> {
  void config;
  const folder = mkdtempSync(join(tmpdir(), 'dingtalk-sender-vsix-'));
  try {
    const withoutRenderer = join(folder, 'vscodeignore-without-renderer');
    writeFileSync(withoutRenderer, ignoreWithoutRenderer(readFileSync(join(repoRoot, '.vscodeignore'), 'utf8')));
    const before = packageOnce(folder, 'without-renderer', withoutRenderer);
    const now = packageOnce(folder, 'package', join(repoRoot, '.vscodeignore'));
    if (before >= now) {
      throw new Error(`the package without the renderer (${before} B) is not smaller than the package (${now} B): .vscodeignore no longer brings the renderer back as vsix.ts expects`);
    }
    const share = (value: number): string => `${((value / now) * 100).toFixed(0)}%`;
    const renderer = (file: string): number => statSync(join(repoRoot, 'dist', file)).size;
    const parts: [string, number][] = [
      ['resvg.wasm', renderer('snippetImage/resvg.wasm')],
      ['onig.wasm', renderer('snippetImage/onig.wasm')],
      ['snippetImage.js', renderer('snippetImage.js')],
    ];
    return {
      title: '.vsix size',
      method: '`vsce package --no-dependencies` (as `npm run package`) run twice by this run: with .vscodeignore as it is, and with the snippet image renderer\'s files (dist/snippetImage.js, dist/snippetImage/) left out, which is the package before issue 12.',
      columns: ['Package', 'Size', 'Now ÷ before', 'Target'],
      rows: [
        ['Without the snippet image renderer (before)', bytes(before), '', ''],
        ['As shipped (now)', bytes(now), `${(now / before).toFixed(2)}×`, `≤ ${bytes(TARGET_BYTES)} (${now <= TARGET_BYTES ? 'met' : 'missed'})`],
      ],
      notes: [
        `The renderer adds ${bytes(now - before)} (${share(now - before)} of the package); uncompressed it is ${parts.map(([name, size]) => `${name} ${bytes(size)}`).join(', ')} and Source Code Pro (three faces), before the zip compresses them.`,
        'No CJK font ships: the renderer uses the system\'s (every zh-CN machine has one).',
      ],
      figures: { vsixBytes: now },
      figuresBefore: { vsixBytes: before },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
