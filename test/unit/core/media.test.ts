// Mirrors src/core/media.ts, src/core/uploads.ts and src/core/filePolicy.ts: validation against the
// limits table (docs/dingtalk-api.md §4), streamed uploads, type dispatch, fallbacks and token reuse,
// all through the real client to the real simulator.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, createWriteStream, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ClientEvent } from '../../../src/core/client';
import type { DingTalkError } from '../../../src/core/errors';
import { validateMedia, type MediaType } from '../../../src/core/media';
import type { WebhookRobot } from '../../../src/core/robot';
import { FAKE, startHarness, type Harness } from '../../support/harness';
import { catchAsync, catchSync } from '../../support/catch';
import { privateTmpdir } from '../../support/privateTmpdir';

const MB = 1024 * 1024;

/** docs/dingtalk-api.md §4, written out here on purpose rather than imported from the core. */
const REFERENCE: Record<MediaType, { maxBytes: number; extensions: string[] }> = {
  image: { maxBytes: 20 * MB, extensions: ['jpg', 'jpeg', 'png', 'gif', 'bmp'] },
  voice: { maxBytes: 2 * MB, extensions: ['amr', 'mp3', 'wav'] },
  video: { maxBytes: 20 * MB, extensions: ['mp4'] },
  // txt is "reported to work"; the core accepts it as a file.
  file: { maxBytes: 20 * MB, extensions: ['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'zip', 'pdf', 'rar', 'txt'] },
};
const TYPES = Object.keys(REFERENCE) as MediaType[];

/** A robot token in the harness's made-up style, for robots these tests add themselves. */
const NO_FILES_TOKEN = '3'.repeat(64);

/** A few bytes that start like a PNG; the simulator does not look inside. */
const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function assertBilingual(error: DingTalkError): void {
  assert.ok(error.message.length > 0, 'English message is empty');
  assert.match(error.messageZh, /[\u4e00-\u9fff]/, `Chinese message has no Chinese: ${error.messageZh}`);
  assert.notEqual(error.message, error.messageZh);
  assert.equal(error.localized('zh-CN'), error.messageZh);
  assert.equal(error.localized('en'), error.message);
}

/** Writes `chunks` copies of one random 1 MB block through a write stream; returns the file's sha256. */
async function writeLargeFile(path: string, chunks: number): Promise<string> {
  const block = randomBytes(MB);
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let i = 0; i < chunks; i += 1) {
    hash.update(block);
    if (!out.write(block)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  return hash.digest('hex');
}

/** A full garbage collection: `global.gc` under --expose-gc, otherwise V8's own, exposed at run time. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) {
    return exposed;
  }
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Samples memory from construction to stop(): peak RSS growth, and peak growth of live memory (V8
 * heap + Buffers) measured right after a full GC, so garbage does not count (`settledLive`). The next sample comes
 * 5 ms after the last one, or as long after as its GC took, so GC takes at most half the time: in the
 * whole suite's heap on a loaded machine a full GC took 350 ms, and back-to-back ones left the upload
 * almost no time to run (10 s instead of 1). A file held in memory stays live for the whole upload,
 * so samples that far apart still see it.
 */
class MemoryWatch {
  private readonly gc = collector();
  private readonly baseRss: number;
  private readonly baseLive: number;
  private peakRss: number;
  private peakLive: number;
  private samples = 0;
  private timer: NodeJS.Timeout;

  constructor() {
    this.baseLive = this.settledLive();
    this.baseRss = process.memoryUsage.rss();
    this.peakRss = this.baseRss;
    this.peakLive = this.baseLive;
    this.timer = setTimeout(() => this.sampleAndRepeat(), 5);
  }

  /**
   * Heap + Buffers once garbage is gone. One full GC is not enough: V8 frees the memory of the dead
   * Buffers it found (here the simulator's socket reads, some 64 KB each, made since the last sample)
   * on a background thread, and `arrayBuffers` counts them until that thread has run, which on a
   * loaded machine is late: the upload then seemed to keep 17-19 MB alive. The second GC first
   * finishes the first one's freeing.
   */
  private settledLive(): number {
    this.gc();
    this.gc();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  }

  private sampleAndRepeat(): void {
    const started = performance.now();
    this.sample();
    this.timer = setTimeout(() => this.sampleAndRepeat(), Math.max(5, performance.now() - started));
  }

  private sample(): void {
    this.samples += 1;
    this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
    this.peakLive = Math.max(this.peakLive, this.settledLive());
  }

  stop(): void {
    clearTimeout(this.timer);
    this.sample();
  }

  get rssGrowth(): number {
    return this.peakRss - this.baseRss;
  }

  get liveGrowth(): number {
    return this.peakLive - this.baseLive;
  }

  report(): string {
    return (
      `peak RSS growth ${(this.rssGrowth / MB).toFixed(1)} MB, peak live-memory growth ${(this.liveGrowth / MB).toFixed(1)} MB ` +
      `(${this.samples} samples, baseline RSS ${(this.baseRss / MB).toFixed(1)} MB)`
    );
  }
}

describe('core/media', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-media-test-'));
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A small file in the suite's temp folder. */
  function smallFile(name: string, content: string | Buffer = `content of ${name}\n`): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** A sparse file of `size` bytes: nothing is written, so creating a big one is instant. */
  function sparseFile(name: string, size: number): string {
    const path = join(dir, name);
    closeSync(openSync(path, 'w'));
    truncateSync(path, size);
    return path;
  }

  describe('validateMedia (docs/dingtalk-api.md §4)', () => {
    for (const type of TYPES) {
      const { maxBytes, extensions } = REFERENCE[type];

      it(`accepts every ${type} extension (${extensions.join(', ')}) up to ${maxBytes / MB} MB`, () => {
        for (const ext of extensions) {
          validateMedia(type, `sample.${ext}`, 1);
          validateMedia(type, `sample.${ext}`, maxBytes);
          validateMedia(type, `SAMPLE.${ext.toUpperCase()}`, maxBytes);
        }
      });

      it(`refuses a ${type} one byte over ${maxBytes / MB} MB with a size error`, () => {
        for (const ext of extensions) {
          const error = catchSync(() => validateMedia(type, `big.${ext}`, maxBytes + 1));
          assert.equal(error.category, 'size');
          assert.equal(error.code, 'fileTooLarge');
          assert.match(error.message, new RegExp(`big\\.${ext}`));
          assert.match(error.message, new RegExp(`${(maxBytes / MB).toFixed(1)} MB`));
          assert.match(error.messageZh, new RegExp(`${(maxBytes / MB).toFixed(1)} MB`));
          assertBilingual(error);
        }
      });

      it(`refuses as ${type} the extensions of the other types`, () => {
        const foreign = TYPES.filter((t) => t !== type)
          .flatMap((t) => REFERENCE[t].extensions)
          .filter((ext) => !extensions.includes(ext));
        assert.ok(foreign.length > 0);
        for (const ext of [...foreign, 'ts', 'exe']) {
          const error = catchSync(() => validateMedia(type, `wrong.${ext}`, 10));
          assert.equal(error.category, 'input', `.${ext} as ${type}`);
          assert.equal(error.code, 'unsupportedMediaType');
          assert.ok(error.message.includes(`.${ext}`), error.message);
          assert.ok(error.message.includes(extensions.join(', ')), `message lists what ${type} takes: ${error.message}`);
          assertBilingual(error);
        }
      });
    }

    it('checks the type before the size, and names a file without extension', () => {
      const error = catchSync(() => validateMedia('file', 'Makefile', 100 * MB));
      assert.equal(error.category, 'input');
      assert.match(error.message, /\(none\)/);
      assertBilingual(error);
    });
  });

  describe('through the client and the simulator', () => {
    let h: Harness;

    beforeEach(async () => {
      h = await startHarness();
    });

    afterEach(async function () {
      if (this.currentTest?.state !== 'passed') {
        // A send that hangs would keep client.close() waiting: drop the simulator's sockets first.
        await h.sim.stop();
      }
      await h.stop();
    });

    it('streams a 20 MB pdf: the simulator gets every byte, memory stays far below the file size', async function () {
      this.timeout(60_000);
      const path = join(dir, 'exactly-20mb.pdf');
      const sha256 = await writeLargeFile(path, 20);
      try {
        // Warm up (token, connection, code paths) so the measurement sees the upload alone.
        await h.client.sendFile(h.webhook, smallFile('warmup.pdf'));
        h.sim.reset();

        const memory = new MemoryWatch();
        let result;
        try {
          result = await h.client.sendFile(h.webhook, path);
        } finally {
          memory.stop();
        }
        console.log(`      20 MB upload: ${memory.report()}`);

        assert.equal(result.sentAs, 'file');
        assert.equal(h.sim.uploads.length, 1);
        const upload = h.sim.uploads[0];
        assert.equal(upload.size, 20 * MB);
        assert.equal(upload.sha256, sha256);
        assert.equal(upload.type, 'file');
        assert.equal(upload.filename, 'exactly-20mb.pdf');
        assert.equal(upload.mediaId, result.mediaId);
        assert.equal(h.sim.messages.length, 1);
        assert.equal(h.sim.messages[0].body.file.mediaId, result.mediaId);
        // Peak RSS is printed, not asserted: client and simulator share this process, the 64 KB
        // chunks the simulator drops stay in RSS (V8 collects them late; malloc keeps freed pages),
        // and V8 may still be optimising what the warm-up ran, so a perfectly streamed upload still
        // grows RSS by tens of MB here. What tells streaming from buffering reliably is the live memory (heap +
        // Buffers) once garbage is freed, at every sample (`settledLive`). A buffered upload holds the
        // whole 20 MB at once; the streamed one 0-3 MB (its two read buffers, the simulator's first
        // megabyte it keeps), hence a limit between the two.
        assert.ok(
          memory.liveGrowth < 15 * MB,
          `live memory grew ${(memory.liveGrowth / MB).toFixed(1)} MB during the upload: the file is held in memory, not streamed`,
        );
      } finally {
        rmSync(path, { force: true });
      }
    });

    it('refuses a 21 MB file before sending a single byte (not even gettoken)', async () => {
      const path = sparseFile('too-big.pdf', 21 * MB);
      try {
        const error = await catchAsync(h.client.sendFile(h.webhook, path));
        assert.equal(error.category, 'size');
        assert.equal(error.code, 'fileTooLarge');
        assert.match(error.message, /too-big\.pdf/);
        assert.match(error.message, /21\.0 MB/);
        assert.match(error.message, /20\.0 MB/);
        assertBilingual(error);
        assert.equal(h.sim.requests.length, 0);
        assert.equal(h.sim.tokensIssued.oapi, 0);
        assert.equal(h.sim.uploads.length, 0);
      } finally {
        rmSync(path, { force: true });
      }
    });

    it('refuses an over-size voice upload (2 MB limit) before any request', async () => {
      const path = sparseFile('memo.mp3', 2 * MB + 1);
      const error = await catchAsync(h.client.uploadMedia(h.webhook, path, 'voice'));
      assert.equal(error.category, 'size');
      assert.match(error.message, /2\.0 MB/);
      assert.equal(h.sim.requests.length, 0);
    });

    describe('type dispatch', () => {
      it('.pdf → one upload of type file and one file message with mediaId, fileName and fileType', async () => {
        const result = await h.client.sendFile(h.webhook, smallFile('report.pdf'));
        assert.equal(result.sentAs, 'file');
        assert.equal(result.sentName, 'report.pdf');
        assert.equal(result.note, undefined);
        assert.equal(h.sim.uploads.length, 1);
        assert.equal(h.sim.uploads[0].type, 'file');
        assert.equal(h.sim.uploads[0].filename, 'report.pdf');
        const upload = h.sim.requests.find((r) => r.path === '/media/upload');
        assert.equal(upload?.query.type, 'file');
        assert.equal(upload?.multipart?.fields.type, 'file');
        assert.equal(upload?.multipart?.file?.field, 'media');
        assert.equal(h.sim.messages.length, 1);
        const message = h.sim.messages[0];
        assert.equal(message.type, 'file');
        assert.deepEqual(message.body.file, { mediaId: result.mediaId, fileName: 'report.pdf', fileType: 'pdf' });
        assert.equal(result.mediaId, h.sim.uploads[0].mediaId);
      });

      it('sends under the name given in fileName', async () => {
        const result = await h.client.sendFile(h.webhook, smallFile('tmp-1234.pdf'), { fileName: 'Quarterly report.pdf' });
        assert.equal(result.sentName, 'Quarterly report.pdf');
        assert.equal(h.sim.uploads[0].filename, 'Quarterly report.pdf');
        assert.equal(h.sim.messages[0].body.file.fileName, 'Quarterly report.pdf');
      });

      for (const name of ['main.ts', 'package.json', 'build.log']) {
        it(`${name} (a type DingTalk refuses) → uploaded as ${name}.zip with a note`, async () => {
          const original = smallFile(name, 'x'.repeat(5000));
          const result = await h.client.sendFile(h.webhook, original);
          assert.equal(result.sentAs, 'zip');
          assert.equal(result.sentName, `${name}.zip`);
          assert.equal(h.sim.uploads.length, 1);
          const upload = h.sim.uploads[0];
          assert.equal(upload.type, 'file');
          assert.ok(upload.filename.endsWith('.zip'), upload.filename);
          assert.equal(upload.filename, `${name}.zip`);
          assert.ok(upload.size > 0 && upload.size < 5000, `a compressible 5000-byte file zips smaller (got ${upload.size})`);
          assert.equal(h.sim.messages.length, 1);
          assert.deepEqual(h.sim.messages[0].body.file, { mediaId: result.mediaId, fileName: `${name}.zip`, fileType: 'zip' });
          assert.ok(result.note, 'a zipped file comes with a note');
          assert.ok(result.note.en.includes(`${name}.zip`), result.note.en);
          assert.ok(result.note.zh.includes(`${name}.zip`), result.note.zh);
          assert.match(result.note.zh, /[\u4e00-\u9fff]/);
        });
      }

      it('.png → upload of type image and a markdown message that shows it', async () => {
        const result = await h.client.sendFile(h.webhook, smallFile('screenshot.png', PNG_BYTES));
        assert.equal(result.sentAs, 'image');
        assert.equal(h.sim.uploads.length, 1);
        assert.equal(h.sim.uploads[0].type, 'image');
        assert.equal(h.sim.messages.length, 1);
        const message = h.sim.messages[0];
        assert.equal(message.type, 'markdown');
        assert.ok(result.mediaId.startsWith('@'), result.mediaId);
        assert.ok(message.body.markdown.text.includes(`](${result.mediaId})`), message.body.markdown.text);
      });

      it('.png with asAttachment → a file message', async () => {
        const result = await h.client.sendFile(h.webhook, smallFile('diagram.png', PNG_BYTES), { asAttachment: true });
        assert.equal(result.sentAs, 'file');
        assert.equal(h.sim.uploads.length, 1);
        assert.equal(h.sim.messages.length, 1);
        assert.equal(h.sim.messages[0].type, 'file');
        assert.deepEqual(h.sim.messages[0].body.file, { mediaId: result.mediaId, fileName: 'diagram.png', fileType: 'png' });
      });

      it('app robot, .pdf → sampleFile with mediaId, fileName and fileType', async () => {
        const result = await h.client.sendFile(h.app, smallFile('slides.pdf'));
        assert.equal(result.sentAs, 'file');
        assert.equal(h.sim.uploads.length, 1);
        assert.equal(h.sim.uploads[0].type, 'file');
        assert.equal(h.sim.messages.length, 1);
        const message = h.sim.messages[0];
        assert.equal(message.channel, 'group');
        assert.equal(message.conversation, FAKE.conversation);
        assert.equal(message.type, 'sampleFile');
        assert.deepEqual(message.body, { mediaId: result.mediaId, fileName: 'slides.pdf', fileType: 'pdf' });
        assert.equal(typeof message.raw.msgParam, 'string', 'msgParam goes as a JSON string');
      });

      it('app robot, .png → sampleImageMsg with photoURL = mediaId', async () => {
        const result = await h.client.sendFile(h.app, smallFile('photo.png', PNG_BYTES));
        assert.equal(result.sentAs, 'image');
        assert.equal(h.sim.uploads[0].type, 'image');
        assert.equal(h.sim.messages.length, 1);
        assert.equal(h.sim.messages[0].type, 'sampleImageMsg');
        assert.deepEqual(h.sim.messages[0].body, { photoURL: result.mediaId });
      });
    });

    it('a webhook robot that refuses files (400105) → the group gets one markdown notice naming the file', async () => {
      h.sim.addWebhookRobot({ accessToken: NO_FILES_TOKEN, acceptsFiles: false });
      const robot: WebhookRobot = { kind: 'webhook', webhook: h.sim.webhookUrl(NO_FILES_TOKEN), appKey: FAKE.appKey, appSecret: FAKE.appSecret };
      const result = await h.client.sendFile(robot, smallFile('minutes.pdf'));
      assert.equal(result.sentAs, 'fallback');
      assert.equal(h.sim.uploads.length, 1, 'the file was uploaded before the robot refused it');
      assert.equal(h.sim.messages.length, 1);
      const message = h.sim.messages[0];
      assert.equal(message.robot, NO_FILES_TOKEN);
      assert.equal(message.type, 'markdown');
      assert.ok(message.body.markdown.text.includes('minutes.pdf'), message.body.markdown.text);
      const refused = h.sim.requests.filter((r) => r.path === '/robot/send' && (r.answer as { errcode?: number }).errcode === 400105);
      assert.equal(refused.length, 1, 'the file message was tried once and refused');
      assert.ok(result.note);
      assert.match(result.note.en, /minutes\.pdf/);
      assert.match(result.note.en, /app robot sends files reliably/);
      assert.match(result.note.zh, /应用机器人/);
    });

    it('a keyword robot gets the keyword in the file name the group sees', async () => {
      const robot: WebhookRobot = { ...h.keyword, appKey: FAKE.appKey, appSecret: FAKE.appSecret };
      const result = await h.client.sendFile(robot, smallFile('minutes.pdf'));
      assert.equal(result.keywordAdded, 'DingTalk');
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].body.file.fileName, '【DingTalk】minutes.pdf');
    });

    it('a webhook robot without AppKey/AppSecret → needsAppCredentials, nothing sent', async () => {
      const robot: WebhookRobot = { kind: 'webhook', webhook: h.sim.webhookUrl(FAKE.token) };
      const path = smallFile('notes.pdf');
      for (const attempt of [() => h.client.sendFile(robot, path), () => h.client.uploadMedia(robot, path, 'file')]) {
        const error = await catchAsync(attempt());
        assert.equal(error.code, 'needsAppCredentials');
        assert.equal(error.category, 'input');
        assert.match(error.message, /AppKey/);
        assertBilingual(error);
      }
      assert.equal(h.sim.requests.length, 0);
    });

    it('a folder → isFolder; a missing file → fileUnreadable; nothing sent', async () => {
      const folder = join(dir, 'a-folder');
      mkdirSync(folder, { recursive: true });
      const folderError = await catchAsync(h.client.sendFile(h.webhook, folder));
      assert.equal(folderError.code, 'isFolder');
      assert.equal(folderError.category, 'input');
      assert.match(folderError.message, /a-folder is a folder/);
      assertBilingual(folderError);

      const missingError = await catchAsync(h.client.sendFile(h.webhook, join(dir, 'gone.pdf')));
      assert.equal(missingError.code, 'fileUnreadable');
      assert.equal(missingError.category, 'input');
      assert.match(missingError.message, /gone\.pdf/);
      assert.match(missingError.message, /ENOENT/);
      assertBilingual(missingError);
      assert.equal(h.sim.requests.length, 0);
    });

    it('an empty file → emptyFile before any request', async () => {
      const error = await catchAsync(h.client.sendFile(h.webhook, smallFile('empty.pdf', '')));
      assert.equal(error.code, 'emptyFile');
      assertBilingual(error);
      assert.equal(h.sim.requests.length, 0);
    });

    it('a file that cannot be read while zipping → fileUnreadable, no temp folder left, no crash', async function () {
      if (process.platform !== 'linux') {
        this.skip();
      }
      // The zip's temporary folder is looked for in this test's own, not the machine's /tmp.
      const tmp = privateTmpdir();
      try {
        // /proc/self/mem reports size 0 and fails its first read with EIO: a stand-in for a locked file.
        const error = await catchAsync(h.client.sendFile(h.webhook, '/proc/self/mem', { fileName: 'locked.log' }));
        assert.equal(error.code, 'fileUnreadable');
        assert.match(error.message, /EIO/);
        assert.deepEqual(readdirSync(tmp.dir), []);
      } finally {
        tmp.restore();
      }
      assert.equal(h.sim.requests.length, 0);
    });

    it('a server that refuses txt (40004) gets it zipped', async () => {
      const strict = await startHarness({}, { acceptsTxt: false });
      try {
        const result = await strict.client.sendFile(strict.webhook, smallFile('notes.txt'));
        assert.equal(result.sentAs, 'zip');
        assert.equal(result.sentName, 'notes.txt.zip');
        assert.deepEqual(
          strict.sim.requests.filter((r) => r.path === '/media/upload').map((r) => (r.answer as { errcode: number }).errcode),
          [40004, 0],
        );
      } finally {
        await strict.stop();
      }
    });

    it('a failed upload closes the file it was reading', async function () {
      if (process.platform !== 'linux') {
        this.skip();
      }
      const path = smallFile('closed.pdf', 'x'.repeat(200_000));
      h.sim.inject({ kind: 'reset', path: '/media/upload', times: 10 });
      await catchAsync(h.newClient({ retry: { attempts: 2, baseDelayMs: 1 } }).sendFile(h.webhook, path));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const open = readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false;
        }
      });
      assert.deepEqual(open, [], 'file descriptors still open on the file');
    });

    /** Sends a 1,000-byte file and changes it while the upload's token is on its way (content-length is measured by then). */
    async function changedWhileSending(name: string, change: (path: string) => void): Promise<DingTalkError> {
      const path = smallFile(name, 'x'.repeat(1000));
      h.sim.inject({ kind: 'latency', path: '/gettoken', ms: 300 });
      const sending = catchAsync(h.client.sendFile(h.webhook, path));
      while (!h.sim.requests.some((r) => r.path === '/gettoken')) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      change(path);
      return sending;
    }

    it('a file that grows during the upload → fileChanged, not retried as a network error', async () => {
      const error = await changedWhileSending('growing.pdf', (path) => appendFileSync(path, 'more bytes written while sending'));
      assert.equal(error.code, 'fileChanged');
      assert.equal(error.category, 'input');
      assertBilingual(error);
      assert.ok(h.sim.requests.filter((r) => r.path === '/media/upload').length <= 1, 'not retried');
    });

    it('a file that shrinks during the upload → fileChanged, not a wait for bytes that never come', async () => {
      const error = await changedWhileSending('shrinking.pdf', (path) => truncateSync(path, 400));
      assert.equal(error.code, 'fileChanged');
      assert.equal(error.category, 'input');
      assert.equal(h.sim.uploads.length, 0);
    });

    describe('access token', () => {
      it('two uploads share one gettoken', async () => {
        await h.client.sendFile(h.webhook, smallFile('one.pdf'));
        await h.client.sendFile(h.webhook, smallFile('two.pdf'));
        assert.equal(h.sim.uploads.length, 2);
        assert.equal(h.sim.tokensIssued.oapi, 1);
        assert.equal(h.sim.requests.filter((r) => r.path === '/gettoken').length, 1);
      });

      it('a token DingTalk considers expired (but the client does not) is refreshed once and the upload succeeds', async () => {
        await h.client.uploadMedia(h.webhook, smallFile('first.pdf'), 'file');
        await h.client.uploadMedia(h.webhook, smallFile('second.pdf'), 'file');
        assert.equal(h.sim.tokensIssued.oapi, 1);

        h.sim.shiftClock(7300 * 1000);
        const mediaId = await h.client.uploadMedia(h.webhook, smallFile('third.pdf'), 'file');
        assert.equal(h.sim.tokensIssued.oapi, 2);
        assert.equal(h.sim.uploads.length, 3);
        assert.equal(h.sim.uploads[2].mediaId, mediaId);
        const uploads = h.sim.requests.filter((r) => r.path === '/media/upload');
        assert.deepEqual(
          uploads.map((r) => (r.answer as { errcode?: number }).errcode),
          [0, 0, 42001, 0],
          'the stale token is refused once, then the fresh one is used',
        );
        assert.notEqual(uploads[2].query.access_token, uploads[3].query.access_token);
      });
    });

    it('retries an upload whose connection was reset, and records exactly one upload', async () => {
      const events: ClientEvent[] = [];
      const client = h.newClient({ onEvent: (event) => events.push(event) });
      h.sim.inject({ kind: 'reset', path: '/media/upload' });
      const result = await client.sendFile(h.webhook, smallFile('retry.pdf'));
      assert.equal(result.sentAs, 'file');
      assert.equal(h.sim.uploads.length, 1);
      assert.equal(h.sim.uploads[0].mediaId, result.mediaId);
      const attempts = h.sim.requests.filter((r) => r.path === '/media/upload');
      assert.equal(attempts.length, 2);
      assert.equal(attempts[0].status, 0, 'the first attempt was reset');
      assert.equal(attempts[1].status, 200);
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.tokensIssued.oapi, 1);
      const retries = events.filter((e) => e.type === 'retrying');
      assert.equal(retries.length, 1);
    });
  });
});
