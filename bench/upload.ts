import type { UploadMode, UploadRun } from './upload/child';
import { hasCurl, runNode, runProgram } from './lib/child';
import { scratch } from './lib/files';
import { script } from './lib/paths';
import type { BenchConfig, Section } from './lib/section';
import { SimProcess } from './lib/simProcess';
import { mbPerSecond, median, mib, ms, ratio } from './lib/stats';

interface CurlRun {
  elapsedMs: number;
  /** Wall time of the curl process, startup included. */
  processMs: number;
}

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
  const core: UploadRun[] = [];
  const unsettled: UploadRun[] = [];
  const live: UploadRun[] = [];
  const curl: CurlRun[] = [];
  const child = (mode: UploadMode): Promise<UploadRun> => runNode<UploadRun>(script('upload/child'), [sim.origin, big, warm, mode], ['--expose-gc']);
  try {
    const token = await sim.oapiToken();
    if (withCurl) {
      await curlUpload(sim.origin, token, warm);
    }
    await sim.reset();
    for (let run = 0; run < config.runs; run++) {
      core.push(await child('time'));
      if (withCurl) {
        curl.push(await curlUpload(sim.origin, token, big));
      }
      unsettled.push(await child('unsettled'));
      live.push(await child('live'));
    }
    // Per run: the core's big file four times (two timed, one straight after the warm-up, one for memory), its warm-up three times, curl's once.
    const expected = config.runs * (withCurl ? 8 : 7);
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
  const vsCurl = (runs: UploadRun[], pick: (r: UploadRun) => number): number =>
    withCurl ? median(runs.map((r, i) => mbPerSecond(size, pick(r)) / mbPerSecond(size, curl[i].elapsedMs))) : Number.NaN;
  const coreMs = median(core.map((r) => r.elapsedMs));
  const repeatMs = median(core.map((r) => r.repeatMs ?? Number.NaN));
  const unsettledMs = median(unsettled.map((r) => r.elapsedMs));
  const speedRatio = vsCurl(core, (r) => r.elapsedMs);
  const repeatRatio = vsCurl(core, (r) => r.repeatMs ?? Number.NaN);
  const unsettledRatio = vsCurl(unsettled, (r) => r.elapsedMs);
  const curlMs = withCurl ? median(curl.map((r) => r.elapsedMs)) : Number.NaN;
  const curlStartup = withCurl ? ms(median(curl.map((r) => r.processMs - r.elapsedMs))) : 'n/a';
  const { sampled: rss, kernel, peak } = peakOf(core);
  const unsettledPeak = peakOf(unsettled).peak;
  const liveGrowth = median(live.map((r) => r.liveGrowth ?? Number.NaN));
  const answers = core.map((r) => r.firstAnswer).filter((a) => a !== undefined);
  const settledRuns = answers.filter((a) => a.settled).length;
  const answerPeak = answers.every((a) => a.peakRssGrowth !== undefined) ? median(answers.map((a) => a.peakRssGrowth as number)) : Number.NaN;
  const settleMs = median(answers.map((a) => a.settleMs));
  return {
    title: 'Upload',
    method: `A ${mib(size)} file of random bytes uploaded (media/upload, type=file) to the simulator in its own process, token and connection warm; the core in a fresh Node process per run (--expose-gc), curl -F to the same URL with a valid token; median of ${config.runs} runs.`,
    columns: ['Uploader', 'Time', 'Throughput', 'vs curl', 'Peak RSS growth', 'Live heap + external growth'],
    rows: [
      ['this core (uploadMedia), first upload in a fresh process, once the process is idle', ms(coreMs), `${mbPerSecond(size, coreMs).toFixed(0)} MB/s`, ratio(speedRatio, 1), mib(peak), mib(liveGrowth)],
      ['this core, the same upload repeated in that process', ms(repeatMs), `${mbPerSecond(size, repeatMs).toFixed(0)} MB/s`, ratio(repeatRatio, 1), '', ''],
      ["this core, first upload straight after the process's first answers (V8 still optimising undici's parser)", ms(unsettledMs), `${mbPerSecond(size, unsettledMs).toFixed(0)} MB/s`, ratio(unsettledRatio, 1), mib(unsettledPeak), ''],
      withCurl
        ? ['curl -F media=@file', ms(curlMs), `${mbPerSecond(size, curlMs).toFixed(0)} MB/s`, '1.00×', 'not measured (own process)', 'not applicable']
        : ['curl -F media=@file', 'curl not installed', '', '', '', ''],
    ],
    figures: { uploadVsCurl: speedRatio, uploadRepeatVsCurl: repeatRatio, uploadPeakRss: peak, uploadUnsettledVsCurl: unsettledRatio, uploadUnsettledPeakRss: unsettledPeak },
    notes: [
      `Peak RSS growth is the larger of RSS sampled every 5 ms and the kernel's high-water mark (VmHWM, reset just before the upload), over RSS before it: ${mib(rss)} sampled, ${mib(kernel)} by the kernel, ${((peak / size) * 100).toFixed(0)}% of the file's size.`,
      liveGrowth < size / 4 || (config.quick && liveGrowth < 4 * 1024 * 1024)
        ? `${liveGrowth < size / 4 ? '' : '(--quick: the file is barely larger than the two read buffers the upload streams through.) '}What the upload keeps alive is ${mib(liveGrowth)}: the file is streamed through two read buffers that take turns${peak - liveGrowth > 4 * 1024 * 1024 ? `; RSS grew ${mib(peak - liveGrowth)} more, memory the process used meanwhile and has not yet returned to the system` : ', and RSS grows by little more than that'}.`
        : `The upload keeps ${mib(liveGrowth)} alive at its peak, a large part of the file: it is not streamed as it should be.`,
      'Live heap + external is measured in separate runs that force a garbage collection every 20 ms (which slows them, so they give no time): it is what the upload actually keeps alive, as opposed to memory the process has not yet returned to the system.',
      `The first answer an HTTP client built on undici parses makes V8 optimise undici's HTTP parser (llhttp, WebAssembly) on a background thread, once per process: here the warm-up (token and a 1 KB upload) and that work grew RSS by ${mib(answerPeak)} at the peak, and the process went on working ${ms(settleMs)} after the warm-up's last answer${settledRuns === answers.length ? '' : ` (still busy after 10 s in ${answers.length - settledRuns} of ${answers.length} runs)`}. The first two rows start the clock once it is idle; the third does not, so that upload shares the CPU with the compiler and its peak RSS includes the compiler's memory.`,
      withCurl
        ? `The core uploads at ${(speedRatio * 100).toFixed(0)}% of curl's speed the first time once the process is idle, ${(repeatRatio * 100).toFixed(0)}% repeated, and ${(unsettledRatio * 100).toFixed(0)}% straight after the process's first answers (curl timed by its own transfer timer, without its ~${curlStartup} process startup); the simulator's side, the same for both, parses the multipart body and hashes the file.`
        : 'curl is not installed here: no throughput comparison.',
    ],
  };
}
