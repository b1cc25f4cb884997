import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ConversionRun, Converter } from './markdown/child';
import { generateMarkdown } from './markdown/generate';
import { runNode } from './lib/child';
import { scratch } from './lib/files';
import { checkProductionBundle, repoRoot, script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { median, mib, ms, ratio, spread } from './lib/stats';

const SMALL_SEMI_SPACE_MB = 2;
const SMALL_YOUNG_RUNS = 3;

/**
 * Each of `runs` divided by the mean of the reference runs just before and just after it: `reference`
 * has one run more than `runs`, and they took turns (reference, run, reference, run, …, reference).
 */
export function againstNeighbours<T>(runs: readonly T[], reference: readonly T[], pick: (run: T) => number): number[] {
  if (reference.length !== runs.length + 1) {
    throw new Error(`expected ${runs.length + 1} reference runs around ${runs.length} runs, got ${reference.length}`);
  }
  return runs.map((run, i) => pick(run) / ((pick(reference[i]) + pick(reference[i + 1])) / 2));
}

const times = (value: number): string => ratio(value, 1);

/** Converting a generated document of config.markdownBytes: time and peak memory, against markdown-it's own render to HTML. */
export async function markdown(config: BenchConfig): Promise<Section> {
  checkProductionBundle();
  const files = await scratch();
  const source = generateMarkdown(config.markdownBytes);
  const size = Buffer.byteLength(source);
  const file = await files.file('document.md', source);
  // markdown-it as dist/core.js bundles it, so the reference parses with the same code as the core.
  execFileSync(process.execPath, ['esbuild.js', '--production', `--markdown-it-reference=${files.dir}`], { cwd: repoRoot, stdio: 'pipe' });
  const bundles: Record<Converter, string> = { core: join(repoRoot, 'dist', 'core.js'), 'markdown-it': join(files.dir, 'markdownIt.js') };
  const child = (converter: Converter, nodeFlags: string[]): Promise<ConversionRun> => runNode<ConversionRun>(script('markdown/child'), [file, converter, bundles[converter]], nodeFlags);
  const core: ConversionRun[] = [];
  const reference: ConversionRun[] = [];
  // The same conversions with V8's young generation held small: what of the peak is the converter's own data.
  const smallYoung = ['--expose-gc', `--max-semi-space-size=${SMALL_SEMI_SPACE_MB}`];
  const coreSmallYoung: ConversionRun[] = [];
  const referenceSmallYoung: ConversionRun[] = [];
  try {
    // markdown-it, core, markdown-it, core, …, markdown-it: each core run is compared with the runs on either side of it, made under the same load.
    reference.push(await child('markdown-it', ['--expose-gc']));
    for (let run = 0; run < config.markdownRuns; run++) {
      core.push(await child('core', ['--expose-gc']));
      reference.push(await child('markdown-it', ['--expose-gc']));
    }
    for (let run = 0; run < SMALL_YOUNG_RUNS; run++) {
      coreSmallYoung.push(await child('core', smallYoung));
      referenceSmallYoung.push(await child('markdown-it', smallYoung));
    }
  } finally {
    await files.dispose();
  }
  const firstRatios = againstNeighbours(core, reference, (r) => r.elapsedMs);
  const repeatRatios = againstNeighbours(core, reference, (r) => r.repeatMs);
  const row = (name: string, runs: ConversionRun[], first: string, repeat: string): string[] => [
    name,
    spread(
      runs.map((r) => r.elapsedMs),
      ms,
    ),
    first,
    spread(
      runs.map((r) => r.repeatMs),
      ms,
    ),
    repeat,
    runs.every((r) => r.peakRssGrowth !== undefined) ? mib(median(runs.map((r) => r.peakRssGrowth as number))) : 'n/a',
    mib(median(runs.map((r) => r.retained))),
    mib(median(runs.map((r) => r.outputBytes))),
  ];
  const firstRatio = median(firstRatios);
  const repeatRatio = median(repeatRatios);
  const peakOf = (runs: ConversionRun[]): number => median(runs.map((r) => r.peakRssGrowth ?? Number.NaN));
  const peak = peakOf(core);
  const lines = source.split('\n').length;
  // What of markdown-it's time is its parse, which any converter parsing with markdown-it pays (same process, same moment).
  const parseShare = median(reference.map((r) => (r.parseMs ?? Number.NaN) / r.repeatMs));
  return {
    title: 'Markdown conversion',
    method: `convertMarkdown (dist/core.js) on a generated ${mib(size)} document (${lines.toLocaleString('en-US')} lines: headings, English and Chinese paragraphs, lists, tables, code blocks, quotes, links, remote images, footnotes), against markdown-it's own render of the same text to HTML, with the same build of markdown-it bundled by esbuild with the same options (\`node esbuild.js --production --markdown-it-reference\`); each conversion in a fresh Node process (--expose-gc). ${config.markdownRuns} rounds of markdown-it, core, markdown-it, core, …, markdown-it: each core conversion is compared with the mean of markdown-it's just before and after it, and the ratio is the median of those; the quartiles (in brackets) bound the middle half of the rounds. Memory is the median over the processes.`,
    columns: ['Converter', 'First conversion, median (quartiles)', 'First vs markdown-it', 'Repeated (fastest of 3), median (quartiles)', 'Repeated vs markdown-it', 'Peak RSS growth', 'Retained after GC', 'Output'],
    rows: [
      row('this core (convertMarkdown → DingTalk markdown)', core, spread(firstRatios, times), spread(repeatRatios, times)),
      row("markdown-it's own render → HTML (reference)", reference, '1.00×', '1.00×'),
    ],
    figures: { markdownFirstVsMarkdownIt: firstRatio, markdownRepeatVsMarkdownIt: repeatRatio, markdownPeakRss: peak },
    notes: [
      `The core takes ${times(firstRatio)} markdown-it's time for the first conversion and ${times(repeatRatio)} once warm. It parses with markdown-it too (with footnotes and math), then rebuilds tables, HTML, footnotes and images into what DingTalk shows${repeatRatio > 1.1 ? ', which is where the extra time goes' : ''}.`,
      `Once warm, markdown-it's parse alone takes ${(parseShare * 100).toFixed(0)}% of its render's time (the fastest of three parses after the repeats, in the same processes): writing HTML from its tokens is the rest. The core's parse is the same work with the same code (each block's inline text parsed once, as markdown-it's render parses it, plus the footnote and math rules), so of its ${times(repeatRatio)}, about ${times(Math.max(0, repeatRatio - parseShare))} markdown-it's time is the core's own: reading the tokens into blocks and writing what DingTalk shows (text escaped, tables measured by display width, nested lists redrawn).`,
      `Peak RSS growth is the kernel's high-water mark (VmHWM, reset just before the conversion) over RSS before it: ${mib(peak)}, ${(peak / size).toFixed(0)}× the document's size. Conversion is synchronous, so this is its whole working set at the peak; "Retained" is what is still alive afterwards, the result included.`,
      `${config.quick ? '(Full run only:) ' : ''}The core converts in sections: each top-level block is read, written out and its tokens dropped as soon as markdown-it has parsed it (a block that refers to a link reference or footnote defined further down waits, tokens kept, until the whole document is parsed), so the document's tokens never all exist at once and little survives each scavenge. markdown-it's render keeps its whole token tree alive until it writes HTML, so V8 grows its young generation: run with --max-semi-space-size=${SMALL_SEMI_SPACE_MB} (${SMALL_YOUNG_RUNS} runs), the core's peak is ${mib(peakOf(coreSmallYoung))} and markdown-it's own render's ${mib(peakOf(referenceSmallYoung))}.`,
    ],
  };
}
