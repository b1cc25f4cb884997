import type { UploadMode, UploadRun } from './upload/child';
import { hasCurl, runNode, runProgram } from './lib/child';
import { scratch } from './lib/files';
import { script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { SimProcess } from './lib/simProcess';
import { mbPerSecond, median, mib, ms, ratio, spread } from './lib/stats';

interface CurlRun {
  elapsedMs: number;
  /** Wall time of the curl process, startup included. */
  processMs: number;
}

/** A core upload with the curl uploads made next to it, under the same load. */
type Paired = UploadRun & {
  /** The mean of curl's times just before and just after this process. */
  curlMs: number;
};

const times = (value: number): string => ratio(value, 1);

/** `curl -F` to the same endpoint; its own timer (time_total) is compared, so process startup is left out. */
async function curlUpload(origin: string, token: string, filePath: string): Promise<CurlRun> {
  const url = `${origin}/media/upload?access_token=${token}&type=file`;
  const result = await runProgram('curl', ['-sS', '-w', '\n%{time_total}', '-F', 'type=file', '-F', `media=@${filePath};type=application/octet-stream`, url]);
  const [body, time] = result.stdout.trimEnd().split('\n');
  const answer = JSON.parse(body ?? '{}') as { errcode?: number };
  if (result.code !== 0 || answer.errcode !== 0) {
    throw new Error(`curl upload failed (${result.code}): ${result.stdout} ${result.stderr}`);
  }
  return { elapsedMs: Number(time) * 1000, processMs: result.elapsedMs };
}

/** A file of config.uploadBytes: throughput against curl -F, and how much memory the upload takes. */
export async function upload(config: BenchConfig): Promise<Section> {
  const files = await scratch();
  const size = config.uploadBytes;
  const big = await files.randomFile('bench-upload.pdf', size);
  const warm = await files.randomFile('warm-up.pdf', 1024);
  const sim = await SimProcess.start();
  const withCurl = hasCurl();
  const core: Paired[] = [];
  const unsettled: Paired[] = [];
  const live: UploadRun[] = [];
  const curl: CurlRun[] = [];
  const child = (mode: UploadMode): Promise<UploadRun> => runNode<UploadRun>(script('upload/child'), [sim.origin, big, warm, mode], ['--expose-gc']);
  let token = '';
  const curlNow = async (): Promise<number> => {
    if (!withCurl) {
      return Number.NaN;
    }
    const run = await curlUpload(sim.origin, token, big);
    curl.push(run);
    return run.elapsedMs;
  };
  try {
    token = await sim.oapiToken();
    if (withCurl) {
      await curlUpload(sim.origin, token, warm);
    }
    await sim.reset();
    // curl before, between and after the two core processes, which take turns going first: each
    // core upload is compared with the curl uploads on either side of it, made under the same load.
    for (let run = 0; run < config.uploadRuns; run++) {
      const order: UploadMode[] = run % 2 === 0 ? ['time', 'unsettled'] : ['unsettled', 'time'];
      let before = await curlNow();
      for (const mode of order) {
        const measured = await child(mode);
        const after = await curlNow();
        (mode === 'time' ? core : unsettled).push({ ...measured, curlMs: (before + after) / 2 });
        before = after;
      }
      if (run < config.runs) {
        live.push(await child('live'));
      }
    }
    // Per round: the core's big file three times (two timed, one straight after the warm-up) and its warm-up twice, curl's three times; per memory run one big file and one warm-up.
    const expected = config.uploadRuns * (withCurl ? 8 : 5) + Math.min(config.runs, config.uploadRuns) * 2;
    const stats = await sim.stats();
    if (stats.uploads !== expected) {
      throw new Error(`expected ${expected} uploads at the simulator, found ${stats.uploads}`);
    }
  } finally {
    await sim.stop();
    await files.dispose();
  }
  const peakOf = (runs: UploadRun[]): { sampled: number; kernel: number; peak: number } => {
    const sampled = median(runs.map((r) => r.rssGrowth));
    const kernel = runs.every((r) => r.peakRssGrowth !== undefined) ? median(runs.map((r) => r.peakRssGrowth as number)) : Number.NaN;
    return { sampled, kernel, peak: Number.isFinite(kernel) ? Math.max(kernel, sampled) : sampled };
  };
  // curl's time over the core's is the core's speed as a fraction of curl's.
  const vsCurl = (runs: readonly Paired[], pick: (r: Paired) => number): number[] => (withCurl ? runs.map((r) => r.curlMs / pick(r)) : []);
  const firstMs = core.map((r) => r.elapsedMs);
  const repeatMs = core.map((r) => r.repeatMs ?? Number.NaN);
  const unsettledMs = unsettled.map((r) => r.elapsedMs);
  const speedRatios = vsCurl(core, (r) => r.elapsedMs);
  const repeatRatios = vsCurl(core, (r) => r.repeatMs ?? Number.NaN);
  const unsettledRatios = vsCurl(unsettled, (r) => r.elapsedMs);
  const [speedRatio, repeatRatio, unsettledRatio] = [speedRatios, repeatRatios, unsettledRatios].map((ratios) => (withCurl ? median(ratios) : Number.NaN));
  const curlMs = curl.map((r) => r.elapsedMs);
  const curlStartup = withCurl ? ms(median(curl.map((r) => r.processMs - r.elapsedMs))) : 'n/a';
  const timeRow = (label: string, values: number[], ratios: number[]): string[] => [
    label,
    spread(values, ms),
    `${mbPerSecond(size, median(values)).toFixed(0)} MB/s`,
    withCurl ? spread(ratios, times) : 'n/a',
  ];
  const { sampled: rss, kernel, peak } = peakOf(core);
  const unsettledPeak = peakOf(unsettled).peak;
  const liveGrowth = median(live.map((r) => r.liveGrowth ?? Number.NaN));
  const answers = core.map((r) => r.firstAnswer).filter((a) => a !== undefined);
  const settledRuns = answers.filter((a) => a.settled).length;
  const answerPeak = answers.every((a) => a.peakRssGrowth !== undefined) ? median(answers.map((a) => a.peakRssGrowth as number)) : Number.NaN;
  const settleMs = median(answers.map((a) => a.settleMs));
  return {
    title: 'Upload',
    method: `A ${mib(size)} file of random bytes uploaded (media/upload, type=file) to the simulator in its own process, token and connection warm; the core in a fresh Node process per run (--expose-gc), curl -F to the same URL with a valid token. ${config.uploadRuns} rounds of curl, core, curl, core, curl (the core's two kinds of process take turns going first); each core upload is compared with the mean of the curl uploads just before and after it, and the vs-curl figure is the median of those ratios; the quartiles (in brackets) bound the middle half of the rounds. Memory is the median of ${live.length} runs.`,
    columns: ['Uploader', 'Time, median (quartiles)', 'Throughput (median)', 'vs curl, median (quartiles)', 'Peak RSS growth', 'Live heap + external growth'],
    rows: [
      [...timeRow('this core (uploadMedia), first upload in a fresh process, once the process is idle', firstMs, speedRatios), mib(peak), mib(liveGrowth)],
      [...timeRow('this core, the same upload repeated in that process', repeatMs, repeatRatios), '', ''],
      [...timeRow("this core, first upload straight after the process's first answers (no wait for background work)", unsettledMs, unsettledRatios), mib(unsettledPeak), ''],
      withCurl
        ? ['curl -F media=@file', spread(curlMs, ms), `${mbPerSecond(size, median(curlMs)).toFixed(0)} MB/s`, '1.00×', 'not measured (own process)', 'not applicable']
        : ['curl -F media=@file', 'curl not installed', '', '', '', ''],
    ],
    figures: { uploadVsCurl: speedRatio, uploadRepeatVsCurl: repeatRatio, uploadPeakRss: peak, uploadUnsettledVsCurl: unsettledRatio, uploadUnsettledPeakRss: unsettledPeak },
    notes: [
      `Peak RSS growth is the larger of RSS sampled every 5 ms and the kernel's high-water mark (VmHWM, reset just before the upload), over RSS before it: ${mib(rss)} sampled, ${mib(kernel)} by the kernel, ${((peak / size) * 100).toFixed(0)}% of the file's size.`,
      liveGrowth < size / 4 || (config.quick && liveGrowth < 4 * 1024 * 1024)
        ? `${liveGrowth < size / 4 ? '' : '(--quick: the file is barely larger than the two read buffers the upload streams through.) '}What the upload keeps alive is ${mib(liveGrowth)}: the file is streamed through two read buffers that take turns${peak - liveGrowth > 4 * 1024 * 1024 ? `; RSS grew ${mib(peak - liveGrowth)} more, memory the process used meanwhile and has not yet returned to the system` : ', and RSS grows by little more than that'}.`
        : `The upload keeps ${mib(liveGrowth)} alive at its peak, a large part of the file: it is not streamed as it should be.`,
      'Live heap + external is measured in separate runs that force a garbage collection every 20 ms (which slows them, so they give no time): it is what the upload actually keeps alive, as opposed to memory the process has not yet returned to the system.',
      `The core sends through Node's own HTTP client, whose parser (llhttp) is native code. An HTTP client built on undici parses with llhttp compiled to WebAssembly, and its first answers make V8 optimise that parser on a background thread, once per process (about 24 MB of compiler memory and 0.1-0.4 s of one core here, when the core used undici). Here the warm-up (token and a 1 KB upload) grew RSS by ${mib(answerPeak)} at the peak, and the process went on working ${ms(settleMs)} after the warm-up's last answer${settledRuns === answers.length ? '' : ` (still busy after 10 s in ${answers.length - settledRuns} of ${answers.length} runs)`}. The first two rows start the clock once the process is idle; the third starts it straight after the warm-up, so any background work the first answers set off would share the CPU with that upload and show in its peak RSS.`,
      withCurl
        ? `The core uploads at ${(speedRatio * 100).toFixed(0)}% of curl's speed the first time once the process is idle, ${(repeatRatio * 100).toFixed(0)}% repeated, and ${(unsettledRatio * 100).toFixed(0)}% straight after the process's first answers (curl timed by its own transfer timer, without its ~${curlStartup} process startup); the simulator's side, the same for both, parses the multipart body and hashes the file.`
        : 'curl is not installed here: no throughput comparison.',
    ],
  };
}
