import type { ConversionRun } from './markdown/child';
import { generateMarkdown } from './markdown/generate';
import { runNode } from './lib/child';
import { scratch } from './lib/files';
import { script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { median, mib, ms, ratio } from './lib/stats';

/** Converting a generated document of config.markdownBytes: time and peak memory, markdown-it's HTML for scale. */
export async function markdown(config: BenchConfig): Promise<Section> {
  const files = await scratch();
  const source = generateMarkdown(config.markdownBytes);
  const size = Buffer.byteLength(source);
  const file = await files.file('document.md', source);
  const core: ConversionRun[] = [];
  const reference: ConversionRun[] = [];
  try {
    for (let run = 0; run < config.runs; run++) {
      core.push(await runNode<ConversionRun>(script('markdown/child'), [file, 'core'], ['--expose-gc']));
      reference.push(await runNode<ConversionRun>(script('markdown/child'), [file, 'markdown-it'], ['--expose-gc']));
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
  return {
    title: 'Markdown conversion',
    method: `convertMarkdown on a generated ${mib(size)} document (${lines.toLocaleString('en-US')} lines: headings, English and Chinese paragraphs, lists, tables, code blocks, quotes, links, remote images, footnotes), in a fresh Node process per run (--expose-gc); markdown-it rendering the same text to HTML, for scale; median of ${config.runs} runs.`,
    columns: ['Converter', 'First conversion', 'Repeated (fastest of 3)', 'Peak RSS growth', 'Retained after GC', 'Output'],
    rows: [row('this core (convertMarkdown → DingTalk markdown)', core), row('markdown-it render → HTML (reference)', reference)],
    figures: { markdownFirstVsMarkdownIt: firstRatio, markdownRepeatVsMarkdownIt: repeatRatio, markdownPeakRss: peak },
    notes: [
      `The core takes ${ratio(firstRatio, 1)} markdown-it's time for the first conversion and ${ratio(repeatRatio, 1)} once warm. It parses with markdown-it too (with footnotes and math), then rebuilds tables, HTML, footnotes and images into what DingTalk shows${repeatRatio > 1.1 ? ', which is where the extra time goes' : ''}.`,
      `Peak RSS growth is the kernel's high-water mark (VmHWM, reset just before the conversion) over RSS before it: ${mib(peak)}, ${(peak / size).toFixed(0)}× the document's size. Conversion is synchronous, so this is its whole working set at the peak; "Retained" is what is still alive afterwards, the result included.`,
    ],
  };
}
