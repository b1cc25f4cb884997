import { runNode } from './lib/child';
import { load } from './lib/machine';
import { script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { median, mib, ms } from './lib/stats';
import { BEFORE_COMMIT, buildRendererBefore } from './snippetImage/before';
import type { SnippetRun } from './snippetImage/child';

/** Targets from issue 12, on this machine. */
const WARM_TARGET_MS = 300;
const FIRST_TARGET_MS = 1500;

/**
 * The renderer at BEFORE_COMMIT as measured in the previous session (load 12–20, 2 cores), said
 * when this run cannot build it (no git history): CPU times, since wall time at that load said little.
 */
const RECORDED_BEFORE = { load: '12–20', firstCpuMs: 2700, warmCpuLow: 405, warmCpuHigh: 505, peakRssGrowth: 200 * 1024 * 1024 } as const;

type Build = 'before' | 'now';

const ratio = (now: number, before: number): string => (Number.isFinite(now / before) ? `${(now / before).toFixed(2)}×` : 'n/a');

/**
 * Rendering TypeScript snippets to PNG with the production bundle: first render in a fresh process,
 * then warm; beside it, in the same run and alternating processes, the renderer as it was at
 * BEFORE_COMMIT, so that machine load falls on both alike.
 */
export async function snippetImage(config: BenchConfig): Promise<Section> {
  const sizes = config.quick ? [20] : [20, 100, 300];
  const processes = config.quick ? 1 : Math.min(config.runs, 3);
  const before = await buildRendererBefore();
  const builds: Build[] = before ? ['before', 'now'] : ['now'];
  const results = new Map<string, SnippetRun[]>();
  try {
    for (const lines of sizes) {
      for (let i = 0; i < processes; i++) {
        for (const build of builds) {
          const args = build === 'before' && before ? [String(lines), before.bundle] : [String(lines)];
          const key = `${build}:${lines}`;
          results.set(key, [...(results.get(key) ?? []), await runNode<SnippetRun>(script('snippetImage/child'), args)]);
        }
      }
    }
  } finally {
    before?.dispose();
  }
  const loadNow = load().toFixed(1);
  const of = (build: Build, lines: number, pick: (run: SnippetRun) => number): number => median((results.get(`${build}:${lines}`) ?? []).map(pick));
  const rows = sizes.flatMap((lines) =>
    builds.map((build) => {
      const runs = results.get(`${build}:${lines}`) ?? [];
      return [
        `${lines}`,
        build === 'before' ? `before (${BEFORE_COMMIT})` : 'now',
        ms(of(build, lines, (r) => r.loadMs)),
        ms(of(build, lines, (r) => r.firstMs)),
        ms(of(build, lines, (r) => r.firstCpuMs)),
        ms(of(build, lines, (r) => r.tierUpMs)),
        ms(of(build, lines, (r) => r.warmMs)),
        ms(of(build, lines, (r) => r.warmCpuMs)),
        runs.every((r) => r.peakRssGrowth !== undefined) ? mib(of(build, lines, (r) => r.peakRssGrowth as number)) : 'n/a',
        `${(runs[0].pngBytes / 1024).toFixed(0)} KB`,
        `${runs[0].width}×${runs[0].height}`,
      ];
    }),
  );
  const main = config.quick ? sizes[0] : 100;
  const figure = (build: Build, pick: (run: SnippetRun) => number): number | undefined => (results.has(`${build}:${main}`) ? of(build, main, pick) : undefined);
  const figures = {
    snippetFirstMs: figure('now', (r) => r.firstMs),
    snippetFirstCpuMs: figure('now', (r) => r.firstCpuMs),
    snippetWarmCpuMs: figure('now', (r) => r.warmCpuMs),
    snippetPeakRss: figure('now', (r) => r.peakRssGrowth ?? NaN),
  };
  const figuresBefore = before
    ? {
        snippetFirstMs: figure('before', (r) => r.firstMs),
        snippetFirstCpuMs: figure('before', (r) => r.firstCpuMs),
        snippetWarmCpuMs: figure('before', (r) => r.warmCpuMs),
        snippetPeakRss: figure('before', (r) => r.peakRssGrowth ?? NaN),
      }
    : undefined;
  const first = results.get(`now:${sizes[0]}`)?.[0];
  const notes = [
    `Fonts: the bundled Source Code Pro${first?.cjkFont ? ' and Noto Sans CJK (19 MB .ttc, handed to resvg only because the snippet has Chinese comments: ASCII code never copies it in)' : '; no CJK font installed, so the Chinese comments are empty boxes'}. Grammar and theme: VS Code's TypeScript grammar and Dark+ (tm-grammars, tm-themes).`,
    before
      ? `"before" is src/ at ${BEFORE_COMMIT} (main before this work) bundled by this run with today's esbuild options and node_modules; both draw the same picture from the same WebAssembly files and fonts.`
      : `This checkout has no git history to build the renderer at ${BEFORE_COMMIT}, so there is no before in this run; the previous session measured it at load ${RECORDED_BEFORE.load}: first render ${ms(RECORDED_BEFORE.firstCpuMs)} CPU, warm ${RECORDED_BEFORE.warmCpuLow}–${RECORDED_BEFORE.warmCpuHigh} ms CPU, peak RSS growth ${mib(RECORDED_BEFORE.peakRssGrowth)} (100 lines).`,
    'Where the time goes, from per-step CPU times of warm 100-line renders: resvg filling about 7 million pixels at 2× about 95 ms (80 of them the glyphs), reading the band SVGs and copying each <use>\'s outline about 20 ms; tokenizing about 35 ms, the SVG 6 ms, indexing the pixels 18 ms, deflating the PNG 15 ms. Each distinct glyph (family, style, character) is laid out by resvg once per session, alone, its outline read back from resvg\'s toString(): a band is those outlines in <defs> and one <use> per character, where laying out its text cost about 25 µs a glyph (about 100 ms for 100 lines).',
    'Background after: for up to about a second after the first render, V8 optimises the hot WebAssembly functions (TurboFan) on its other threads, about a second of CPU for either build; process CPU counts all threads, so warm renders timed straight after the first counted some of it, the more the faster they were (the 17:09 run\'s 20-line warm CPU, 187 ms against 118 before, was that: the renderer\'s own thread took less, 60 ms against 80-100). Warm renders now wait until the process is idle (bench/lib/settle.ts), as a second picture made later in a session does.',
    'The first render instantiates both WebAssembly modules (resvg 2.5 MB, Oniguruma 0.5 MB) and compiles the grammar, and runs their code before V8 has optimised it (V8 optimises on its other threads, so the first render\'s CPU time exceeds its wall time).',
    'Memory: most of the peak RSS growth is V8\'s: compiling resvg and then optimising its hot functions takes 60-90 MB while it runs (with node --liftoff-only the growth is about 120 MB for either build), and where that falls against the render\'s own memory varies from process to process by about 20 MB; then Oniguruma\'s memory (about 30 MB with the TypeScript grammar), resvg\'s (the CJK collection is copied in once per render, to lay out the glyphs it has not outlined yet, no longer for every band), and a band\'s pixels copied out of resvg (8 MB, until the garbage collector takes them).',
    'PNG: indexed (one byte per pixel, exact when the picture has at most 256 colors; each run of one color looked up once), deflated with run-length matches only (Z_RLE: a third of the time of level 4 for a file about 15% larger).',
  ];
  if (results.has('now:100')) {
    const verdict = (value: number, target: number): string => (value <= target ? 'met' : 'missed');
    const warmCpu = of('now', 100, (r) => r.warmCpuMs);
    const firstWall = of('now', 100, (r) => r.firstMs);
    notes.push(
      `Targets for 100 lines (load ${loadNow} after the section): warm ≤ ${WARM_TARGET_MS} ms (${verdict(warmCpu, WARM_TARGET_MS)}: ${ms(warmCpu)} CPU${before ? `, ${ratio(warmCpu, of('before', 100, (r) => r.warmCpuMs))} of before` : ''}), first ≤ ${FIRST_TARGET_MS} ms (${verdict(firstWall, FIRST_TARGET_MS)}: ${ms(firstWall)} wall, ${ms(of('now', 100, (r) => r.firstCpuMs))} CPU). The renderer is single-threaded, so on an idle machine a warm render's wall time is close to its CPU time; on a shared machine the load average stretches wall time several-fold.`,
    );
  }
  return {
    title: 'Snippet images',
    method: `renderSnippet from dist/snippetImage.js on generated TypeScript (Chinese comments every few lines), in ${processes} fresh Node process${processes === 1 ? '' : 'es'} per size and build: the first render, then, once V8's background work after it is done (Background after: how long the process stayed busy), the fastest of three more; medians over the processes.`,
    columns: ['Lines', 'Renderer', 'Module load', 'First render', 'First (CPU)', 'Background after', 'Warm render', 'Warm (CPU)', 'Peak RSS growth', 'PNG', 'Pixels'],
    rows,
    notes,
    figures,
    figuresBefore,
  };
}
