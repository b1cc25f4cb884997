import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkImages, imageCandidates, ImageUploads, isNetworkPath, looksLikeImage, type FoundImage } from '../../../src/extension/markdownImages';
import type { ProgressReporter } from '../../../src/extension/ports';
import { english, startExtensionHarness, type ExtensionHarness } from '../../support/extensionHarness';
import { catchAsync } from '../../support/catch';
import { IMAGE_BYTES } from './imageBytes';

/** A progress reporter outside any notification, recording what it is told. */
function progress(messages: string[] = [], controller = new AbortController()): ProgressReporter {
  return { report: (message) => messages.push(message), signal: controller.signal };
}

describe('markdownImages', () => {
  describe('looksLikeImage', () => {
    it('recognises png, jpeg, gif and bmp by their first bytes', () => {
      for (const bytes of Object.values(IMAGE_BYTES)) {
        assert.ok(looksLikeImage(bytes));
      }
    });

    it('refuses text, keys and a text file that happens to start with BM', () => {
      for (const text of ['', '-----BEGIN OPENSSH PRIVATE KEY-----\n', 'API_KEY=abc\n', 'BMW service notes, page 1 of 3\n', 'GIF8', '<svg xmlns="http://www.w3.org/2000/svg"/>']) {
        assert.equal(looksLikeImage(Buffer.from(text)), false, text);
      }
    });
  });

  describe('imageCandidates', () => {
    const dir = join(tmpdir(), 'ws', 'docs');
    const workspaceFolder = join(tmpdir(), 'ws');
    it('resolves relative paths against the markdown file folder, decoded and as written', () => {
      assert.deepEqual(imageCandidates('img/a.png', { dir }), [join(dir, 'img/a.png')]);
      assert.deepEqual(imageCandidates('./my%20diagram.png?raw=1#top', { dir }), [join(dir, 'my diagram.png'), join(dir, 'my%20diagram.png')]);
      assert.deepEqual(imageCandidates('../%E5%9B%BE.png', { dir }), [join(workspaceFolder, '图.png'), join(workspaceFolder, '%E5%9B%BE.png')]);
    });

    it('looks for a path starting with / in the workspace folder first, then as an absolute path', () => {
      assert.deepEqual(imageCandidates('/images/a.png', { dir, workspaceFolder }), [join(workspaceFolder, 'images/a.png'), '/images/a.png']);
      assert.deepEqual(imageCandidates('/images/a.png', { dir }), ['/images/a.png']);
    });

    it('reads file: URLs, and has nothing for other schemes or a relative path in an unsaved document', () => {
      const file = join(tmpdir(), 'a b', '图.png');
      assert.deepEqual(imageCandidates(pathToFileURL(file).href, { dir }), [file]);
      assert.deepEqual(imageCandidates('file://fileserver/share/a.png', { dir }), []);
      assert.deepEqual(imageCandidates('https://example.com/a.png', { dir }), []);
      assert.deepEqual(imageCandidates('data:image/png;base64,AAAA', { dir }), []);
      assert.deepEqual(imageCandidates('a.png', {}), []);
    });

    it('never names a Windows network path, which Windows would sign in to just to look at it', () => {
      for (const path of ['\\\\attacker.example\\share\\a.png', '//attacker.example/share/a.png', '\\\\?\\UNC\\host\\a.png']) {
        assert.ok(isNetworkPath(path), path);
      }
      for (const path of ['C:\\pics\\a.png', '/home/me/a.png', 'img/a.png']) {
        assert.equal(isNetworkPath(path), false, path);
      }
    });
  });

  describe('checkImages', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dingtalk-images-'));
      mkdirSync(join(dir, 'docs/img'), { recursive: true });
      mkdirSync(join(dir, 'folder.png'));
      writeFileSync(join(dir, 'docs/img/logo.png'), IMAGE_BYTES.png);
      writeFileSync(join(dir, 'docs/img/photo one.jpg'), IMAGE_BYTES.jpg);
      writeFileSync(join(dir, 'anim.gif'), IMAGE_BYTES.gif);
      writeFileSync(join(dir, 'old.BMP'), IMAGE_BYTES.bmp);
      writeFileSync(join(dir, 'fake.png'), 'not an image, just text that names itself .png\n');
      writeFileSync(join(dir, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
      writeFileSync(join(dir, '.env'), 'API_KEY=abc\n');
      writeFileSync(join(dir, 'diagram.svg'), '<svg/>');
      writeFileSync(join(dir, 'empty.png'), '');
      writeFileSync(join(dir, 'huge.png'), IMAGE_BYTES.png);
      truncateSync(join(dir, 'huge.png'), 20 * 1024 * 1024 + 1);
      symlinkSync(join(dir, 'id_rsa'), join(dir, 'key.png'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('finds real images by relative, absolute and file: paths', async () => {
      const base = { dir: join(dir, 'docs') };
      const { found, refused } = await checkImages(english, [
        { src: 'img/logo.png', alt: 'logo' },
        { src: 'img/photo%20one.jpg', alt: 'photo' },
        { src: join(dir, 'anim.gif'), alt: 'anim' },
        { src: pathToFileURL(join(dir, 'old.BMP')).href, alt: 'old' },
      ], base);
      assert.deepEqual(refused, []);
      assert.deepEqual(found.map((f) => [f.alt, f.path, f.size]), [
        ['logo', join(dir, 'docs/img/logo.png'), IMAGE_BYTES.png.length],
        ['photo', join(dir, 'docs/img/photo one.jpg'), IMAGE_BYTES.jpg.length],
        ['anim', join(dir, 'anim.gif'), IMAGE_BYTES.gif.length],
        ['old', join(dir, 'old.BMP'), IMAGE_BYTES.bmp.length],
      ]);
    });

    it('refuses what is not an image DingTalk takes, by name or by content, and says why', async () => {
      const { found, refused } = await checkImages(english, [
        { src: '../fake.png', alt: 'fake' },
        { src: '../id_rsa', alt: 'key' },
        { src: join(dir, '.env'), alt: 'env' },
        { src: '../key.png', alt: 'linked key' },
        { src: '../diagram.svg', alt: 'svg' },
        { src: '../empty.png', alt: 'empty' },
        { src: '../huge.png', alt: 'huge' },
        { src: '../folder.png', alt: 'folder' },
        { src: 'img/missing.png', alt: 'missing' },
        { src: 'file://fileserver/share/a.png', alt: 'remote share' },
      ], { dir: join(dir, 'docs') });
      assert.deepEqual(found, []);
      assert.deepEqual(refused.map((r) => r.reason), [
        '../fake.png: named like an image, but its content is not a JPEG, PNG, GIF or BMP image',
        '../id_rsa: not an image DingTalk takes (jpg, jpeg, png, gif, bmp)',
        `${join(dir, '.env')}: not an image DingTalk takes (jpg, jpeg, png, gif, bmp)`,
        '../key.png: named like an image, but its content is not a JPEG, PNG, GIF or BMP image',
        '../diagram.svg: not an image DingTalk takes (jpg, jpeg, png, gif, bmp)',
        '../empty.png: the file is empty',
        "../huge.png: 20.0 MB, over DingTalk's limit of 20.0 MB for images",
        '../folder.png: not a file',
        'img/missing.png: file not found',
        'file://fileserver/share/a.png: not a file on this computer',
      ]);
    });

    it('cannot find a relative image of an unsaved document', async () => {
      const { refused } = await checkImages(english, [{ src: 'logo.png', alt: 'logo' }], {});
      assert.deepEqual(refused.map((r) => r.reason), ['logo.png: the document is not saved, so a relative path has no folder']);
    });
  });

  describe('ImageUploads (against the simulator)', () => {
    let h: ExtensionHarness;
    let dir: string;
    let images: FoundImage[];
    beforeEach(async () => {
      h = await startExtensionHarness();
      dir = mkdtempSync(join(tmpdir(), 'dingtalk-uploads-'));
      images = (['png', 'gif', 'jpg'] as const).map((ext) => {
        const path = join(dir, `a.${ext}`);
        writeFileSync(path, IMAGE_BYTES[ext]);
        return { src: `a.${ext}`, alt: ext, path, size: IMAGE_BYTES[ext].length };
      });
    });
    afterEach(async () => {
      rmSync(dir, { recursive: true, force: true });
      await h.stop();
    });

    it('uploads each file once, even when several srcs name it, with a progress message per image', async () => {
      const uploads = new ImageUploads(() => h.client, english, 'en');
      const messages: string[] = [];
      const same = { ...images[0], src: './a.png' };
      const outcome = await uploads.upload(h.webhook, [...images, same], progress(messages));
      assert.equal(h.sim.uploads.length, 3);
      assert.deepEqual([...outcome.mediaIds.keys()], ['a.png', 'a.gif', 'a.jpg', './a.png']);
      assert.equal(outcome.mediaIds.get('a.png'), outcome.mediaIds.get('./a.png'));
      assert.deepEqual([...outcome.mediaIds.values()].slice(0, 3), h.sim.uploads.map((u) => u.mediaId));
      assert.deepEqual(messages, ['Uploading image 1 of 3: a.png', 'Uploading image 2 of 3: a.gif', 'Uploading image 3 of 3: a.jpg']);
      // Asked again in the same send (a Retry of the message), nothing goes out again.
      const again = await uploads.upload(h.webhook, images, progress());
      assert.equal(h.sim.uploads.length, 3);
      assert.deepEqual(again.mediaIds, new Map([...outcome.mediaIds].slice(0, 3)));
    });

    it('fails on an upload DingTalk could not take, and goes on after it on the next try', async () => {
      const uploads = new ImageUploads(() => h.client, english, 'en');
      h.sim.inject({ kind: 'status', status: 400, path: '/media/upload', skip: 1 });
      const error = await catchAsync(uploads.upload(h.webhook, images, progress()));
      assert.equal(error.httpStatus, 400);
      assert.equal(h.sim.uploads.length, 1);
      const messages: string[] = [];
      const outcome = await uploads.upload(h.webhook, images, progress(messages));
      assert.equal(h.sim.uploads.length, 3);
      assert.equal(outcome.mediaIds.size, 3);
      assert.deepEqual(messages, ['Uploading image 1 of 2: a.gif', 'Uploading image 2 of 2: a.jpg']);
    });

    it('leaves a file that went missing since the check as alt text, and uploads the others', async () => {
      const uploads = new ImageUploads(() => h.client, english, 'en');
      unlinkSync(images[1].path);
      const outcome = await uploads.upload(h.app, images, progress());
      assert.equal(h.sim.uploads.length, 2);
      assert.deepEqual([...outcome.mediaIds.keys()], ['a.png', 'a.jpg']);
      assert.equal(outcome.refused.length, 1);
      assert.match(outcome.refused[0].reason, /^a\.gif: a\.gif cannot be read \(ENOENT\)/);
    });

    it('stops when the user cancels', async () => {
      const uploads = new ImageUploads(() => h.client, english, 'en');
      const controller = new AbortController();
      controller.abort();
      const error = await catchAsync(uploads.upload(h.webhook, images, progress([], controller)));
      assert.equal(error.code, 'cancelled');
      assert.equal(h.sim.uploads.length, 0);
    });
  });
});
