import type { ConversionRun } from './markdown/child';
import { generateMarkdown } from './markdown/generate';
import { runNode } from './lib/child';
import { scratch } from './lib/files';
import { script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { median, mib, ms, ratio } from './lib/stats';

const SMALL_SEMI_SPACE_MB = 2;
const SMALL_YOUNG_RUNS = 3;

/** Converting a generated document of config.markdownBytes: time and peak memory, markdown-it's HTML for scale. */
export async function markdown(config: BenchConfig): Promise<Section> {
  const files = await scratch();
  const source = generateMarkdown(config.markdownBytes);
  const size = Buffer.byteLength(source);
  const file = await files.file('document.md', source);
  const core: ConversionRun[] = [];
  const reference: ConversionRun[] = [];
  // The same conversions with V8's young generation held small: what of the peak is the converter's own data.
  const smallYoung = ['--expose-gc', `--max-semi-space-size=${SMALL_SEMI_SPACE_MB}`];
  const coreSmallYoung: ConversionRun[] = [];
  const referenceSmallYoung: ConversionRun[] = [];
  try {
    for (let run = 0; run < config.runs; run++) {
      core.push(await runNode<ConversionRun>(script('markdown/child'), [file, 'core'], ['--expose-gc']));
      reference.push(await runNode<ConversionRun>(script('markdown/child'), [file, 'markdown-it'], ['--expose-gc']));
      if (run < SMALL_YOUNG_RUNS) {
        coreSmallYoung.push(await runNode<ConversionRun>(script('markdown/child'), [file, 'core'], smallYoung));
        referenceSmallYoung.push(await runNode<ConversionRun>(script('markdown/child'), [file, 'markdown-it'], smallYoung));
      }
    }
  } finally {
    await files.dispose();
  }
  const row = (name: string, runs: ConversionRun[]): string[] => [
    name,
    ms(median(runs.map((r) => r.elapsedMs))),
    ms(median(runs.map((r) => r.repeatMs))),
    runs.every((r) => r.peakRssGrowth !== undefined) ? mib(median(runs.map((r) => r.peakRssGrowth as number))) : 'n/a',
    mib(median(runs.map((r) => r.retained))),
    mib(median(runs.map((r) => r.outputBytes))),
  ];
  const firstRatio = median(core.map((r, i) => r.elapsedMs / reference[i].elapsedMs));
  const repeatRatio = median(core.map((r, i) => r.repeatMs / reference[i].repeatMs));
  const peak = median(core.map((r) => r.peakRssGrowth ?? Number.NaN));
  const lines = source.split('\n').length;
  const peakOf = (runs: ConversionRun[]): number => median(runs.map((r) => r.peakRssGrowth ?? Number.NaN));
  return {
    title: 'Markdown conversion',
    method: `convertMarkdown on a generated ${mib(size)} document (${lines.toLocaleString('en-US')} lines: headings, English and Chinese paragraphs, lists, tables, code blocks, quotes, links, remote images, footnotes), in a fresh Node process per run (--expose-gc); markdown-it rendering the same text to HTML, for scale; median of ${config.runs} runs.`,
    columns: ['Converter', 'First conversion', 'Repeated (fastest of 3)', 'Peak RSS growth', 'Retained after GC', 'Output'],
    rows: [row('this core (convertMarkdown → DingTalk markdown)', core), row('markdown-it render → HTML (reference)', reference)],
    figures: { markdownFirstVsMarkdownIt: firstRatio, markdownRepeatVsMarkdownIt: repeatRatio, markdownPeakRss: peak },
    notes: [
      `The core takes ${ratio(firstRatio, 1)} markdown-it's time for the first conversion and ${ratio(repeatRatio, 1)} once warm. It parses with markdown-it too (with footnotes and math), then rebuilds tables, HTML, footnotes and images into what DingTalk shows${repeatRatio > 1.1 ? ', which is where the extra time goes' : ''}.`,
      `Peak RSS growth is the kernel's high-water mark (VmHWM, reset just before the conversion) over RSS before it: ${mib(peak)}, ${(peak / size).toFixed(0)}× the document's size. Conversion is synchronous, so this is its whole working set at the peak; "Retained" is what is still alive afterwards, the result included.`,
      `${config.quick ? '(Full run only:) ' : ''}Most of that peak is V8's young generation, not the converter's data: markdown-it's block parse of the whole document keeps every block token of the document alive until the conversion reads them (8 MB for the 1 MB document), so many bytes survive each scavenge that V8 grows the young generation to its largest (16 MB semispaces). Run with --max-semi-space-size=${SMALL_SEMI_SPACE_MB} (${SMALL_YOUNG_RUNS} runs), the core's peak is ${mib(peakOf(coreSmallYoung))} and markdown-it's own render's ${mib(peakOf(referenceSmallYoung))}. Going under 40 MB with V8's defaults needs the block tokens not to exist all at once (parsing the document in top-level sections, with link references and footnote definitions collected first).`,
    ],
  };
}
