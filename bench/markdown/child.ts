/**
 * One conversion in a fresh process (run with --expose-gc): converts a markdown file and reports the
 * time and the memory it took. Conversion is synchronous, so no timer can sample during it; the
 * kernel's high-water mark (reset just before) gives the peak. Prints one JSON line.
 * argv: file, converter ("core": convertMarkdown of the bundle dist/core.js; "markdown-it": render of
 * markdown-it as `node esbuild.js --markdown-it-reference` bundles it, the same build of the package
 * with the same options), and the bundle's path.
 */
import { readFileSync } from 'node:fs';
import type MarkdownIt from 'markdown-it';
import type * as Core from '../../src/core';
import { collect, liveBytes, peakRss, resetPeakRss } from '../lib/memory';

export type Converter = 'core' | 'markdown-it';

export interface ConversionRun {
  /** The first conversion in the process. */
  elapsedMs: number;
  /** The fastest of three more conversions of the same text (the JIT has seen the code by then). */
  repeatMs: number;
  /** Kernel peak RSS during the first conversion minus RSS before it (undefined where unknown). */
  peakRssGrowth?: number;
  /** JS heap + external still alive after the conversion (the result included), after a forced GC. */
  retained: number;
  outputBytes: number;
  /** markdown-it only: the fastest of three of its parses alone (no HTML written), after the repeats. */
  parseMs?: number;
}

/** The conversion the process times, and markdown-it's parse alone where it is markdown-it's render. */
function converterOf(converter: Converter, bundle: string): { convert: (text: string) => string; parse?: (text: string) => void } {
  if (converter === 'core') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle chosen at run time
    const core = require(bundle) as typeof Core;
    return { convert: (text) => core.convertMarkdown(text).text };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle chosen at run time
  const MarkdownItClass = (require(bundle) as { default: typeof MarkdownIt }).default;
  const markdownIt = new MarkdownItClass({ html: true, linkify: true });
  return { convert: (text) => markdownIt.render(text), parse: (text) => markdownIt.parse(text, {}) };
}

function main(): void {
  const [file, converter, bundle] = process.argv.slice(2);
  const source = readFileSync(file, 'utf8');
  const { convert, parse } = converterOf(converter as Converter, bundle);
  collect();
  const rssBefore = process.memoryUsage.rss();
  const liveBefore = liveBytes();
  const canReset = resetPeakRss();
  const start = performance.now();
  const output = convert(source);
  const elapsedMs = performance.now() - start;
  const kernelPeak = canReset ? peakRss() : undefined;
  collect();
  const retained = liveBytes() - liveBefore;
  const repeats: number[] = [];
  for (let i = 0; i < 3; i++) {
    const again = performance.now();
    convert(source);
    repeats.push(performance.now() - again);
  }
  const parses: number[] = [];
  for (let i = 0; parse && i < 3; i++) {
    const again = performance.now();
    parse(source);
    parses.push(performance.now() - again);
  }
  const run: ConversionRun = {
    elapsedMs,
    repeatMs: Math.min(...repeats),
    peakRssGrowth: kernelPeak === undefined ? undefined : kernelPeak - rssBefore,
    retained,
    outputBytes: Buffer.byteLength(output),
    parseMs: parses.length > 0 ? Math.min(...parses) : undefined,
  };
  console.log(JSON.stringify(run));
}

main();
