/**
 * One conversion in a fresh process (run with --expose-gc): converts a markdown file and reports the
 * time and the memory it took. Conversion is synchronous, so no timer can sample during it; the
 * kernel's high-water mark (reset just before) gives the peak. Prints one JSON line.
 * argv: file, converter ("core" or "markdown-it").
 */
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { convertMarkdown } from '../../src/core';
import { collect, liveBytes, peakRss, resetPeakRss } from '../lib/memory';

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

function main(): void {
  const [file, converter] = process.argv.slice(2);
  const source = readFileSync(file, 'utf8');
  const markdownIt = new MarkdownIt({ html: true, linkify: true });
  const convert = converter === 'markdown-it' ? (text: string): string => markdownIt.render(text) : (text: string): string => convertMarkdown(text).text;
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
  for (let i = 0; converter === 'markdown-it' && i < 3; i++) {
    const again = performance.now();
    markdownIt.parse(source, {});
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
