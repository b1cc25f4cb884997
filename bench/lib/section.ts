/** What every measurement hands back to the runner: one table, plus notes that say how to read it. */
export interface Section {
  /** Short heading, e.g. "Per-message overhead". */
  title: string;
  /** One sentence: what was measured and how many times. */
  method: string;
  columns: string[];
  rows: string[][];
  /** Observations worth a line each (honest ones too: where the core is slower, say so). */
  notes: string[];
  /** Headline figures as plain numbers, by name, for the before/after table (bench/targets.ts). */
  figures?: Partial<Record<FigureName, number>>;
  /** The same figures of the code before the work (issue 17's, or issue 12's renderer), where the section measured that too in this run. */
  figuresBefore?: Partial<Record<FigureName, number>>;
}

/** The figures issue 17 sets targets for. */
export type FigureName =
  | 'bundleBytes'
  | 'loadActivateMs'
  | 'firstSendColdMs'
  | 'firstSendWarmMs'
  | 'sequentialConnections'
  | 'uploadVsCurl'
  | 'uploadRepeatVsCurl'
  | 'uploadPeakRss'
  | 'uploadUnsettledVsCurl'
  | 'uploadUnsettledPeakRss'
  | 'markdownFirstVsMarkdownIt'
  | 'markdownRepeatVsMarkdownIt'
  | 'markdownPeakRss'
  | 'snippetWarmCpuMs'
  | 'snippetFirstMs'
  | 'snippetFirstCpuMs'
  | 'snippetPeakRss'
  | 'vsixBytes';

/** How big and how often: the full run, or `--quick` (only proves that every section works). */
export interface BenchConfig {
  quick: boolean;
  /** Repetitions of each timed measurement; figures are their median. */
  runs: number;
  /** Fresh processes for the activation measurement. */
  activationRuns: number;
  /** Text messages per peer in the per-message section. */
  messages: number;
  /** Messages queued against the 20/min rule. */
  rateLimitMessages: number;
  uploadBytes: number;
  /** Rounds of the upload section: one upload of ~45 ms per fresh process and row, so more of them than `runs` for a steady median. */
  uploadRuns: number;
  markdownBytes: number;
  /** Core conversions of the markdown section, each between two of markdown-it's (one more of those). */
  markdownRuns: number;
}

export function benchConfig(quick: boolean): BenchConfig {
  return quick
    ? { quick, runs: 2, activationRuns: 3, messages: 20, rateLimitMessages: 50, uploadBytes: 1024 * 1024, uploadRuns: 2, markdownBytes: 64 * 1024, markdownRuns: 2 }
    : { quick, runs: 7, activationRuns: 15, messages: 500, rateLimitMessages: 50, uploadBytes: 20 * 1024 * 1024, uploadRuns: 15, markdownBytes: 1024 * 1024, markdownRuns: 11 };
}
