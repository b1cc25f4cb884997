import type { UploadRun } from './upload/child';
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
  const live: UploadRun[] = [];
  const curl: CurlRun[] = [];
  try {
    const token = await sim.oapiToken();
    if (withCurl) {
      await curlUpload(sim.origin, token, warm);
    }
    await sim.reset();
    for (let run = 0; run < config.runs; run++) {
      core.push(await runNode<UploadRun>(script('upload/child'), [sim.origin, big, warm, 'time'], ['--expose-gc']));
      if (withCurl) {
        curl.push(await curlUpload(sim.origin, token, big));
      }
      live.push(await runNode<UploadRun>(script('upload/child'), [sim.origin, big, warm, 'live'], ['--expose-gc']));
    }
    // Per run: the core's big file three times (two timed, one for memory), its warm-up twice, curl's once.
    const expected = config.runs * (withCurl ? 6 : 5);
    const stats = await sim.stats();
    if (stats.uploads !== expected) {
      throw new Error(`expected ${expected} uploads at the simulator, found ${stats.uploads}`);
    }
  } finally {
    await sim.stop();
    await files.dispose();
  }
  const coreMs = median(core.map((r) => r.elapsedMs));
  const repeatMs = median(core.map((r) => r.repeatMs ?? Number.NaN));
  const repeatRatio = withCurl ? median(core.map((r, i) => curl[i].elapsedMs / (r.repeatMs ?? Number.NaN))) : Number.NaN;
  const curlMs = withCurl ? median(curl.map((r) => r.elapsedMs)) : Number.NaN;
  const speedRatio = withCurl ? median(core.map((r, i) => mbPerSecond(size, r.elapsedMs) / mbPerSecond(size, curl[i].elapsedMs))) : Number.NaN;
  const curlStartup = withCurl ? ms(median(curl.map((r) => r.processMs - r.elapsedMs))) : 'n/a';
  const rss = median(core.map((r) => r.rssGrowth));
  const kernel = core.every((r) => r.peakRssGrowth !== undefined) ? median(core.map((r) => r.peakRssGrowth as number)) : Number.NaN;
  const liveGrowth = median(live.map((r) => r.liveGrowth ?? Number.NaN));
  const peak = Number.isFinite(kernel) ? Math.max(kernel, rss) : rss;
  return {
    title: 'Upload',
    method: `A ${mib(size)} file of random bytes uploaded (media/upload, type=file) to the simulator in its own process, token and connection warm; the core in a fresh Node process per run (--expose-gc), curl -F to the same URL with a valid token; median of ${config.runs} runs.`,
    columns: ['Uploader', 'Time', 'Throughput', 'vs curl', 'Peak RSS growth', 'Live heap + external growth'],
    rows: [
      ['this core (uploadMedia), first upload in a fresh process', ms(coreMs), `${mbPerSecond(size, coreMs).toFixed(0)} MB/s`, ratio(speedRatio, 1), mib(peak), mib(liveGrowth)],
      ['this core, the same upload repeated in that process', ms(repeatMs), `${mbPerSecond(size, repeatMs).toFixed(0)} MB/s`, ratio(repeatRatio, 1), '', ''],
      withCurl
        ? ['curl -F media=@file', ms(curlMs), `${mbPerSecond(size, curlMs).toFixed(0)} MB/s`, '1.00×', 'not measured (own process)', 'not applicable']
        : ['curl -F media=@file', 'curl not installed', '', '', '', ''],
    ],
    figures: { uploadVsCurl: speedRatio, uploadRepeatVsCurl: repeatRatio, uploadPeakRss: peak },
    notes: [
      `Peak RSS growth is the larger of RSS sampled every 5 ms and the kernel's high-water mark (VmHWM, reset just before the upload), over RSS before it: ${mib(rss)} sampled, ${mib(kernel)} by the kernel, ${((peak / size) * 100).toFixed(0)}% of the file's size.`,
      liveGrowth < size / 4 || (config.quick && liveGrowth < 4 * 1024 * 1024)
        ? `${liveGrowth < size / 4 ? '' : '(--quick: the file is barely larger than the two read buffers the upload streams through.) '}What the upload keeps alive is far less (${mib(liveGrowth)}): the file is streamed in chunks, and RSS also counts chunks already sent that the garbage collector has not yet reclaimed.`
        : `The upload keeps ${mib(liveGrowth)} alive at its peak, a large part of the file: it is not streamed as it should be.`,
      'Live heap + external is measured in separate runs that force a garbage collection every 20 ms (which slows them, so they give no time): it is what the upload actually keeps alive, as opposed to memory the process has not yet returned to the system.',
      !withCurl
        ? 'curl is not installed here: no throughput comparison.'
        : speedRatio < 1
          ? `The core uploads at ${(speedRatio * 100).toFixed(0)}% of curl's speed the first time and ${(repeatRatio * 100).toFixed(0)}% once warm (curl timed by its own transfer timer, without its ~${curlStartup} process startup); the simulator's side, the same for both, parses the multipart body and hashes the file.`
          : `The core uploads at least as fast as curl here (curl timed by its own transfer timer, without its ~${curlStartup} process startup).`,
    ],
  };
}
