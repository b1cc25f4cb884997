/**
 * Snippet images in a fresh process: loads the production bundle dist/snippetImage.js as the
 * extension will (on first use), renders a generated TypeScript snippet of N lines with VS Code's
 * TypeScript grammar and Dark+ theme, the bundled font and Noto CJK where installed, then renders
 * it again. Prints one JSON line. argv: lines [bundle, default dist/snippetImage.js].
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as SnippetImageModule from '../../src/core/snippetImage';
import { peakRss, resetPeakRss } from '../lib/memory';
import { repoRoot } from '../lib/paths';
import { settle } from '../lib/settle';
import { generateSnippet } from './generate';

export interface SnippetRun {
  lines: number;
  /** require() of dist/snippetImage.js. */
  loadMs: number;
  /** The first render: both WebAssembly modules instantiated, the grammar compiled. */
  firstMs: number;
  /**
   * V8's background work after the first render (optimising resvg's and Oniguruma's hot
   * WebAssembly functions, about a second of CPU on other threads): how long it ran before the
   * process was idle, which the warm renders wait for.
   */
  tierUpMs: number;
  /** The fastest and the median of three more renders of the same snippet, once the process is idle. */
  warmMs: number;
  warmMedianMs: number;
  /** CPU time (user + system) of the first render and of the fastest warm one: what a busy machine's wall times hide. */
  firstCpuMs: number;
  warmCpuMs: number;
  /** Kernel peak RSS over the whole run minus RSS before the first render (undefined where unknown). */
  peakRssGrowth?: number;
  pngBytes: number;
  width: number;
  height: number;
  cjkFont: boolean;
  warnings: string[];
}

async function main(): Promise<void> {
  const lines = Number(process.argv[2]);
  const modules = join(repoRoot, 'node_modules');
  const grammar = JSON.parse(readFileSync(join(modules, 'tm-grammars/grammars/typescript.json'), 'utf8')) as object;
  const theme = JSON.parse(readFileSync(join(modules, 'tm-themes/themes/dark-plus.json'), 'utf8')) as object;
  const code = generateSnippet(lines);
  const loadStart = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const renderer = require(process.argv[3] ?? join(repoRoot, 'dist', 'snippetImage.js')) as typeof SnippetImageModule;
  const loadMs = performance.now() - loadStart;
  const files = renderer.snippetAssetFiles(join(repoRoot, 'dist', 'snippetImage'));
  const cjk = renderer.findSystemFonts().filter((font) => font.role === 'cjk').slice(0, 1);
  const fonts = [...files.fonts, ...cjk.map((font) => font.path)].map((path) => new Uint8Array(readFileSync(path)));
  const input = { code, language: 'typescript', grammar, theme, header: 'src/generated.ts:1-' + lines, fonts };
  const rssBefore = process.memoryUsage.rss();
  const canReset = resetPeakRss();
  const cpuMs = (since: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  let start = performance.now();
  let cpu = process.cpuUsage();
  const image = await renderer.renderSnippet(input, files);
  const firstMs = performance.now() - start;
  const firstCpuMs = cpuMs(cpu);
  const tierUpMs = (await settle()).busyMs;
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    start = performance.now();
    cpu = process.cpuUsage();
    await renderer.renderSnippet(input, files);
    warm.push(performance.now() - start);
    warmCpu.push(cpuMs(cpu));
  }
  const peak = canReset ? peakRss() : undefined;
  warm.sort((a, b) => a - b);
  const run: SnippetRun = {
    lines,
    loadMs,
    firstMs,
    warmMs: warm[0],
    warmMedianMs: warm[1],
    firstCpuMs,
    tierUpMs,
    warmCpuMs: Math.min(...warmCpu),
    peakRssGrowth: peak === undefined ? undefined : peak - rssBefore,
    pngBytes: image.png.length,
    width: image.width,
    height: image.height,
    cjkFont: cjk.length > 0 && existsSync(cjk[0].path),
    warnings: image.warnings.map((w) => w.code),
  };
  console.log(JSON.stringify(run));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
