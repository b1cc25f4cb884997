import type { FigureName, Section } from './lib/section';
import { bytes, mib, ms } from './lib/stats';

/** A figure measured by a section, with the value bench/results.md gave before issue 17's work (issue 12's figures are measured before and after in the run). */
interface Target {
  name: FigureName;
  label: string;
  /** From bench/results.md of 2026-11-21 (load 1.02 at start, 1.59 at end); a section may measure it again in the run. */
  before?: number;
  goal: string;
  show: (value: number) => string;
}

const times = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');

const TARGETS: readonly Target[] = [
  { name: 'bundleBytes', label: 'Bundle VS Code loads at activation', before: 875_313, goal: '≤ 150 KB', show: bytes },
  { name: 'loadActivateMs', label: 'Load + activate()', before: 72.1, goal: '≤ 15 ms', show: ms },
  { name: 'firstSendColdMs', label: 'First send after activation, command → first byte', goal: 'printed', show: ms },
  { name: 'firstSendWarmMs', label: 'Next send, command → first byte', goal: 'printed', show: ms },
  { name: 'sequentialConnections', label: 'TCP connections, sequential sends to one origin', before: 2, goal: '1', show: String },
  // Before, the first upload was only measured straight after the process's first answers: the "once idle" rows have no figure before.
  { name: 'uploadVsCurl', label: '20 MB upload vs curl -F, first in a fresh process (once idle)', goal: '≥ 0.85×', show: times },
  { name: 'uploadRepeatVsCurl', label: '20 MB upload vs curl -F, repeated', before: 0.55, goal: '≥ 0.85×', show: times },
  { name: 'uploadPeakRss', label: '20 MB upload peak RSS growth (once idle)', goal: '≤ 10 MB', show: mib },
  // What a session's first upload is when it is the first thing the process sends: issue 17's targets hold for it too.
  { name: 'uploadUnsettledVsCurl', label: "20 MB upload vs curl -F, straight after the process's first answers", before: 0.48, goal: '≥ 0.85×', show: times },
  { name: 'uploadUnsettledPeakRss', label: "20 MB upload peak RSS growth, straight after the process's first answers", before: 32.8 * 1024 * 1024, goal: '≤ 10 MB', show: mib },
  { name: 'markdownFirstVsMarkdownIt', label: '1 MB markdown vs markdown-it render, first', before: 1.44, goal: '≤ 1.2×', show: times },
  { name: 'markdownRepeatVsMarkdownIt', label: '1 MB markdown vs markdown-it render, repeated', before: 1.26, goal: '≤ 1.2×', show: times },
  { name: 'markdownPeakRss', label: '1 MB markdown peak RSS growth', before: 57.0 * 1024 * 1024, goal: '≤ 40 MB', show: mib },
  { name: 'snippetWarmCpuMs', label: 'Snippet image, 100 lines (20 with --quick), warm render (CPU)', goal: '≤ 300 ms', show: ms },
  { name: 'snippetFirstMs', label: 'Snippet image, 100 lines (20 with --quick), first render in a fresh process', goal: '≤ 1.5 s', show: ms },
  { name: 'snippetFirstCpuMs', label: 'Snippet image, 100 lines (20 with --quick), first render (CPU, all threads)', goal: 'printed', show: ms },
  { name: 'snippetPeakRss', label: 'Snippet image, 100 lines (20 with --quick), peak RSS growth', goal: 'as low as reasonable', show: mib },
  { name: 'vsixBytes', label: '.vsix (before: without the snippet image renderer)', goal: '≤ 8 MB', show: bytes },
];

/** A section's figures and the 1-minute load average when it finished. */
export interface Measured {
  section: Section;
  load: number;
}

/** Issue 17's and issue 12's figures: the value before the work, this run's, their ratio, and the target. */
export function targets(measured: readonly Measured[], quick: boolean): Section {
  const rows = TARGETS.map((target) => {
    const from = measured.find((m) => m.section.figures?.[target.name] !== undefined);
    const now = from?.section.figures?.[target.name];
    const inRun = from?.section.figuresBefore?.[target.name];
    const before = inRun ?? target.before;
    const shownBefore = before === undefined ? 'n/a' : `${target.show(before)}${inRun === undefined ? '' : ' (this run)'}`;
    if (from === undefined || now === undefined) {
      return [target.label, shownBefore, 'not run', '', target.goal, ''];
    }
    return [target.label, shownBefore, target.show(now), before === undefined ? '' : times(now / before), target.goal, from.load.toFixed(2)];
  });
  return {
    title: 'Issue 17 and 12 targets, before and now',
    method: 'Each figure as bench/results.md of 2026-11-21 gave it (load average 1.02–1.59), or as this run measured the code before the work where marked "(this run)", next to the one this run measured, and the target; the upload ratios are speeds (higher is better), the markdown ratios times (lower is better). The snippet image rows compare with the renderer before this session\'s work, built and run by this run; the .vsix row with the same package without the renderer.',
    columns: ['Figure', 'Before', 'Now', 'Now ÷ before', 'Target', 'Load (1 min) after the section'],
    rows,
    notes: [
      ...(quick ? ['--quick uses a 1 MB upload, a 64 KB document and a 20-line snippet: the "now" figures are not comparable with "before" here, except where both are "(this run)".'] : []),
      'Ratios to a peer (curl, markdown-it) are taken within one run, so they say more than absolute figures on a machine others use at the same time.',
      "The upload figures before were measured with the upload starting straight after the process's first answers, while V8 optimised the HTTP parser of undici, which the core used then, in the background (see Upload): the rows \"straight after the process's first answers\" measure them that way now and compare with them; the rows \"once idle\" start the clock once the process is idle and have no figure before.",
    ],
  };
}
