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
  // What of markdown-it's time is its parse, which any converter parsing with markdown-it pays (same process, same moment).
  const parseShare = median(reference.map((r) => (r.parseMs ?? Number.NaN) / r.repeatMs));
  return {
    title: 'Markdown conversion',
    method: `convertMarkdown on a generated ${mib(size)} document (${lines.toLocaleString('en-US')} lines: headings, English and Chinese paragraphs, lists, tables, code blocks, quotes, links, remote images, footnotes), in a fresh Node process per run (--expose-gc); markdown-it rendering the same text to HTML, for scale; median of ${config.runs} runs.`,
    columns: ['Converter', 'First conversion', 'Repeated (fastest of 3)', 'Peak RSS growth', 'Retained after GC', 'Output'],
    rows: [row('this core (convertMarkdown → DingTalk markdown)', core), row('markdown-it render → HTML (reference)', reference)],
    figures: { markdownFirstVsMarkdownIt: firstRatio, markdownRepeatVsMarkdownIt: repeatRatio, markdownPeakRss: peak },
    notes: [
      `The core takes ${ratio(firstRatio, 1)} markdown-it's time for the first conversion and ${ratio(repeatRatio, 1)} once warm. It parses with markdown-it too (with footnotes and math), then rebuilds tables, HTML, footnotes and images into what DingTalk shows${repeatRatio > 1.1 ? ', which is where the extra time goes' : ''}.`,
      `Once warm, markdown-it's parse alone takes ${(parseShare * 100).toFixed(0)}% of its render's time (the fastest of three parses after the repeats, in the same processes): writing HTML from its tokens is the rest. The core's parse is the same work (its footnote and math rules add no measurable time on this text), so of its ${ratio(repeatRatio, 1)}, about ${ratio(Math.max(0, repeatRatio - parseShare), 1)} markdown-it's time is the core's own: reading the tokens into blocks and writing what DingTalk shows (text escaped, tables measured by display width, nested lists redrawn).`,
      `Peak RSS growth is the kernel's high-water mark (VmHWM, reset just before the conversion) over RSS before it: ${mib(peak)}, ${(peak / size).toFixed(0)}× the document's size. Conversion is synchronous, so this is its whole working set at the peak; "Retained" is what is still alive afterwards, the result included.`,
      `${config.quick ? '(Full run only:) ' : ''}The core converts in sections: each top-level block is read, written out and its tokens dropped as soon as markdown-it has parsed it (a block that refers to a link reference or footnote defined further down waits, tokens kept, until the whole document is parsed), so the document's tokens never all exist at once and little survives each scavenge. markdown-it's render keeps its whole token tree alive until it writes HTML, so V8 grows its young generation: run with --max-semi-space-size=${SMALL_SEMI_SPACE_MB} (${SMALL_YOUNG_RUNS} runs), the core's peak is ${mib(peakOf(coreSmallYoung))} and markdown-it's own render's ${mib(peakOf(referenceSmallYoung))}.`,
    ],
  };
}
