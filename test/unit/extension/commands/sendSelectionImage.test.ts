import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendSelection } from '../../../../src/extension/commands/sendSelection';
import { sendSelectionAsImage } from '../../../../src/extension/commands/sendSelectionImage';
import { previewHtml } from '../../../../src/extension/review/previewHtml';
import type { EditorState } from '../../../../src/extension/editorState';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import type { recordingSnippetImages } from '../../../support/snippetImages';
import { MemoryHistoryFile } from '../history/memoryFile';
import { GitSandbox } from '../gitRepos';

const CODE = ['export function add(a: number, b: number): number {', '\treturn a + b;', '}', ''].join('\n');

function editor(code = CODE, startLine = 10): EditorState {
  const lines = code.replace(/\n$/, '').split('\n').length;
  return {
    document: { fsPath: '/work/project/src/math.ts', relativePath: 'src/math.ts', languageId: 'typescript', text: code, isDirty: false },
    selections: [{ startLine, endLine: startLine + lines - 1, text: code }],
    tabSize: 2,
  };
}

describe('commands/sendSelectionImage', function () {
  // The first image loads the WebAssembly renderer and the fonts.
  this.timeout(30_000);
  let h: ExtensionHarness;

  const recorded = (): ReturnType<typeof recordingSnippetImages> => h.services.snippetImages as ReturnType<typeof recordingSnippetImages>;
  const made = (): Uint8Array[] => recorded().made;
  const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

  /** The one image that arrived at the simulator: the PNG the renderer made, byte for byte, decodable and of a plausible size. */
  function uploadedPng(): PNG {
    assert.equal(h.sim.uploads.length, 1);
    const [upload] = h.sim.uploads;
    assert.equal(upload.type, 'image');
    assert.equal(upload.filename, 'math.ts-10-12.png');
    const [png] = made();
    const arrived = upload.bytes;
    assert.ok(arrived);
    assert.equal(upload.sha256, sha256(png));
    assert.deepEqual(arrived, Buffer.from(png));
    assert.deepEqual([...arrived.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const decoded = PNG.sync.read(arrived);
    // Three lines at 2×: wider than 50 columns of text, a few rows tall, and far under DingTalk's limit.
    assert.ok(decoded.width > 600 && decoded.height > 100 && decoded.height < decoded.width, `${decoded.width}×${decoded.height}`);
    assert.ok(png.byteLength > 1_000 && png.byteLength < 200_000, `${png.byteLength} bytes`);
    return decoded;
  }

  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('uploads the PNG as an image and a custom group robot sends markdown that shows it under a one-line header', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const result = await sendSelectionAsImage(h.services, editor());
    uploadedPng();
    const mediaId = h.sim.uploads[0].mediaId;
    assert.equal(h.sim.messages.length, 1);
    const [message] = h.sim.messages;
    assert.equal(message.type, 'markdown');
    assert.equal(message.body.markdown.title, 'src/math.ts:10-12');
    assert.equal(message.body.markdown.text, `#### src/math.ts:10-12\n\n![src/math.ts:10-12](${mediaId})`);
    assert.equal(message.view?.phone.blank, false);
    assert.equal((result as { mediaId: string }).mediaId, mediaId);
    assert.deepEqual(h.ui.messages('info'), ['Sent src/math.ts:10–12 to "Files".']);
  });

  it('escapes the header line as the text form does: a Python package\'s __init__.py is not read as bold, a tag-like name does not blank the phone', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const at = (relativePath: string): EditorState => {
      const state = editor();
      return { ...state, document: { ...state.document, fsPath: `/work/project/${relativePath}`, relativePath, languageId: 'python' } };
    };
    await sendSelectionAsImage(h.services, at('pkg/__init__.py'));
    await sendSelectionAsImage(h.services, at('ui/<Dialog>.py'));
    const [init, dialog] = h.sim.messages;
    const ids = h.sim.uploads.map((upload) => upload.mediaId);
    assert.equal(init.body.markdown.text, `#### pkg/\\_\\_init\\_\\_.py:10-12\n\n![pkg/\\_\\_init\\_\\_.py:10-12](${ids[0]})`);
    assert.equal(dialog.view?.phone.blank, false, dialog.body.markdown.text);
    assert.equal(dialog.body.markdown.text, `#### ui/&lt;Dialog>.py:10-12\n\n![ui/&lt;Dialog>.py:10-12](${ids[1]})`);
  });

  it('an app robot sends sampleImageMsg with the uploaded media id', async () => {
    await h.services.robots.add(h.drafts.app);
    await sendSelectionAsImage(h.services, editor());
    uploadedPng();
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.sim.messages[0].type, 'sampleImageMsg');
    assert.deepEqual(h.sim.messages[0].body, { photoURL: h.sim.uploads[0].mediaId });
  });

  it('adds the keyword a keyword robot needs to the image message', async () => {
    await h.services.robots.add({ ...h.drafts.keyword, appKey: h.drafts.withFiles.appKey, appSecret: h.drafts.withFiles.appSecret });
    await sendSelectionAsImage(h.services, editor());
    assert.equal(h.sim.messages.length, 1);
    assert.match(h.sim.messages[0].body.markdown.text, /DingTalk/);
    assert.match(h.ui.messages('info')[0], /keyword "DingTalk" was added/);
  });

  it('a custom group robot without AppKey/AppSecret: says why, and Send as Text sends the code as a snippet', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ actions: ['Send as Text'] });
    await sendSelectionAsImage(h.services, editor());
    assert.match(h.ui.shown[0].message, /without an AppKey and AppSecret, which DingTalk needs to upload an image/);
    assert.deepEqual(h.ui.shown[0].actions, ['Edit Robot', 'Send as Text']);
    assert.equal(h.sim.uploads.length, 0);
    assert.equal(made().length, 0);
    assert.equal(h.sim.messages.length, 1);
    assert.match(h.sim.messages[0].body.markdown.text, /```ts\nexport function add/);
  });

  it('refuses a snippet over 300 lines with the renderer\'s reason, offering text or the file', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const long = Array.from({ length: 301 }, (_, i) => `const v${i} = ${i};`).join('\n');
    h.ui.script({ actions: [undefined] });
    assert.equal(await sendSelectionAsImage(h.services, editor(long, 1)), undefined);
    assert.match(h.ui.messages('error')[0], /301 lines; an image holds at most 300/);
    assert.deepEqual(h.ui.shown[0].actions, ['Send as Text', 'Send as File']);
    assert.equal(h.sim.requests.length, 0);
  });

  it('runs the secret scan on the code before drawing it, and draws the redacted code', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.settings.scanForSecrets = true;
    const secret = 'const token = "ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVc";\n';
    h.ui.script({ actions: ['Send Redacted'] });
    await sendSelectionAsImage(h.services, editor(secret, 3));
    assert.match(h.ui.shown[0].message, /A likely secret in src\/math\.ts:3/);
    assert.equal(h.sim.uploads.length, 1);
    const [drawn] = recorded().requests;
    assert.ok(drawn.code.startsWith('const token = "'), drawn.code);
    assert.ok(!drawn.code.includes('ghp_Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LmNbVc'), drawn.code);
  });

  it('draws with the editor\'s tab size, the file\'s line numbers and the workspace-relative header', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    await sendSelectionAsImage(h.services, editor());
    assert.deepEqual(recorded().requests, [{ code: CODE, language: 'typescript', header: 'src/math.ts:10-12', firstLine: 10, tabSize: 2 }]);
  });

  it('with nothing selected, draws the lines on screen', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const state = editor();
    await sendSelectionAsImage(h.services, { ...state, selections: [], visibleRange: { startLine: 1, endLine: 2, text: 'a\nb' } });
    assert.equal(recorded().requests[0].header, 'src/math.ts:1-2');
    assert.equal(h.sim.uploads.length, 1);
  });

  it('a Retry after the message failed reuses the uploaded image instead of uploading it again', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Retry'] });
    await sendSelectionAsImage(h.services, editor());
    assert.equal(h.sim.uploads.length, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.match(h.sim.messages[0].body.markdown.text, new RegExp(`\\(${h.sim.uploads[0].mediaId}\\)$`));
  });

  describe('a Retry from the Sent History', () => {
    let history: SendHistory;
    let services: HistoryServices;
    beforeEach(() => {
      history = new SendHistory(new MemoryHistoryFile(), h.log);
      services = Object.assign(h.services, { history });
    });

    it('keeps the uploaded media id with the entry and shows the same image again without uploading it twice', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      h.ui.script({ actions: [undefined] });
      await sendSelectionAsImage(services, editor());
      const [failed] = history.entries();
      assert.equal(failed.result, 'failed');
      const mediaId = h.sim.uploads[0].mediaId;
      assert.deepEqual(failed.content && 'text' in failed.content && failed.content.media, { id: mediaId, app: h.drafts.withFiles.appKey, sha256: sha256(made()[0]) });

      await retryFromHistory(services, failed.id);
      assert.equal(h.sim.uploads.length, 1, 'no second upload');
      assert.equal(made().length, 2, 'drawn again, to compare and to preview');
      assert.deepEqual(Buffer.from(made()[1]), Buffer.from(made()[0]));
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.sim.messages[0].body.markdown.text, `#### src/math.ts:10-12\n\n![src/math.ts:10-12](${mediaId})`);
      assert.deepEqual(history.entries().map((e) => [e.id, e.result]), [[failed.id, 'sent']]);
    });

    it('imageAndText: after the image arrived and the text failed, the entry says 1 of 2 arrived and its Retry sends the text only', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'imageAndText';
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
      h.ui.script({ actions: [undefined] });
      await sendSelection(services, editor());
      const [failed] = history.entries();
      assert.equal(failed.result, 'failed');
      assert.equal(failed.arrived, 1);
      assert.equal(h.sim.messages.length, 1);

      await retryFromHistory(services, failed.id);
      assert.equal(h.sim.uploads.length, 1, 'no second upload');
      assert.equal(h.sim.messages.length, 2, 'the image is not posted again');
      assert.match(h.sim.messages[0].body.markdown.text, /^#### /);
      assert.match(h.sim.messages[1].body.markdown.text, /```ts/);
      assert.deepEqual(history.entries().map((e) => [e.id, e.result]), [[failed.id, 'sent']]);
    });

    it('keeps the header link ("as of" an older pushed commit) and the imageAndText form: a Retry in another window, with the repository gone and the setting changed, sends the same', async () => {
      const sandbox = new GitSandbox();
      try {
        await h.services.robots.add(h.drafts.withFiles);
        const dir = sandbox.repository('widgets', { 'src/math.ts': CODE });
        sandbox.publish(dir, 'https://github.com/acme/widgets.git');
        const pushed = sandbox.head(dir);
        const local = CODE.replace('a + b', 'b + a');
        sandbox.commit(dir, { 'src/math.ts': local }, 'not pushed');
        const file = new MemoryHistoryFile();
        Object.assign(services, { history: new SendHistory(file, h.log) });
        h.settings.snippetFormat = 'imageAndText';
        const sent = editor(local, 1);
        sent.document.fsPath = `${dir}/src/math.ts`;
        // The image message fails: nothing arrived.
        h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
        h.ui.script({ actions: [undefined] });
        await sendSelection(services, sent);
        const [failed] = services.history.entries();
        assert.equal(failed.result, 'failed');
        const link = `[src/math.ts:1-3 (as of ${pushed.slice(0, 7)})](https://github.com/acme/widgets/blob/${pushed}/src/math.ts#L1-L3)`;
        assert.equal(h.sim.messages.length, 0);

        // Later, in another window: the history read from its file, the repository gone, the setting back to the image alone.
        sandbox.dispose();
        h.settings.snippetFormat = 'image';
        Object.assign(services, { history: new SendHistory(file, h.log) });
        await services.history.load();
        await retryFromHistory(services, failed.id);
        assert.equal(h.sim.messages.length, 2, 'the image, then the code as text, as the first try would have sent');
        assert.equal(h.sim.messages[0].body.markdown.text, `#### ${link}\n\n![src/math.ts:1-3](${h.sim.uploads[0].mediaId})`);
        assert.match(h.sim.messages[1].body.markdown.text, new RegExp(`^\\*\\*\\[src/math\\.ts · lines 1–3 \\(as of ${pushed.slice(0, 7)}\\)\\]\\(https://github\\.com/acme/widgets/blob/${pushed}/src/math\\.ts#L1-L3\\)\\*\\*\n\n\`\`\`ts\n`));
        assert.match(h.sim.messages[1].body.markdown.text, /return b \+ a;/);
        assert.deepEqual(services.history.entries().map((e) => [e.id, e.result]), [[failed.id, 'sent']]);
      } finally {
        sandbox.dispose();
      }
    });

    it('an image sent alone goes alone again, whatever the setting says now', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      h.ui.script({ actions: [undefined] });
      await sendSelectionAsImage(services, editor());
      const [failed] = history.entries();
      h.settings.snippetFormat = 'imageAndText';
      await retryFromHistory(services, failed.id);
      assert.equal(h.sim.messages.length, 1);
      assert.match(h.sim.messages[0].body.markdown.text, /^#### src\/math\.ts:10-12\n\n!\[/);
    });

    it('imageAndText: after the image arrived and the text failed, a Retry sends the text even once the setting says image only', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'imageAndText';
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
      h.ui.script({ actions: [undefined] });
      await sendSelection(services, editor());
      const [failed] = history.entries();
      assert.equal(failed.arrived, 1);
      h.settings.snippetFormat = 'image';
      await retryFromHistory(services, failed.id);
      assert.equal(h.sim.uploads.length, 1, 'no second upload');
      assert.equal(h.sim.messages.length, 2, 'the image once, then the text');
      assert.match(h.sim.messages[1].body.markdown.text, /```ts/);
      assert.deepEqual(history.entries().map((e) => [e.id, e.result]), [[failed.id, 'sent']]);
    });

    it('an entry of an older version, without the form or the link, follows the setting as before', async () => {
      const robot = await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'imageAndText';
      const content = { text: CODE, language: 'typescript', title: 'src/math.ts:10-12', tabSize: 2 };
      await history.put({ id: 'old-1', time: h.clock.now(), robotId: robot.id, robotName: robot.name, kind: 'selectionImage', summary: 'src/math.ts:10–12', size: 10, result: 'failed', content });
      await retryFromHistory(services, 'old-1');
      assert.equal(h.sim.messages.length, 2);
      assert.equal(h.sim.messages[0].body.markdown.text, `#### src/math.ts:10-12\n\n![src/math.ts:10-12](${h.sim.uploads[0].mediaId})`);
      assert.match(h.sim.messages[1].body.markdown.text, /^\*\*src\/math\.ts\*\* · lines 10–12\n\n```ts\n/);
    });

    it('a kept media id DingTalk no longer knows is tried once: the next try uploads again, and the entry keeps the new one', async () => {
      const robot = await h.services.robots.add(h.drafts.app);
      const request = { code: CODE, language: 'typescript', header: 'src/math.ts:10-12', firstLine: 10, tabSize: 2 };
      const digest = sha256((await h.services.snippetImages!.render(request)).png);
      const content = { text: CODE, language: 'typescript', title: 'src/math.ts:10-12', tabSize: 2, media: { id: '@lAforgotten', app: h.drafts.app.appKey ?? '', sha256: digest } };
      await history.put({ id: 'past-1', time: h.clock.now(), robotId: robot.id, robotName: robot.name, kind: 'selectionImage', summary: 'src/math.ts:10–12', size: 10, result: 'failed', content });
      h.ui.script({ actions: ['Retry'] });
      await retryFromHistory(services, 'past-1');
      assert.equal(h.sim.uploads.length, 1);
      assert.deepEqual(h.sim.messages.map((m) => m.body.photoURL), [h.sim.uploads[0].mediaId]);
      const entry = history.get('past-1');
      assert.equal(entry?.result, 'sent');
      assert.equal(entry?.content && 'text' in entry.content && entry.content.media?.id, h.sim.uploads[0].mediaId);
    });

    it('uploads again when the picture drawn now differs from the one uploaded (another theme, another font)', async () => {
      const robot = await h.services.robots.add(h.drafts.withFiles);
      const content = { text: CODE, language: 'typescript', title: 'src/math.ts:10-12', media: { id: '@lAstale', app: h.drafts.withFiles.appKey ?? '', sha256: '0'.repeat(64) } };
      await history.put({ id: 'past-1', time: h.clock.now(), robotId: robot.id, robotName: robot.name, kind: 'selectionImage', summary: 'src/math.ts:10–12', size: 10, result: 'failed', content });
      await retryFromHistory(services, 'past-1');
      assert.equal(h.sim.uploads.length, 1);
      assert.match(h.sim.messages[0].body.markdown.text, new RegExp(`\\(${h.sim.uploads[0].mediaId}\\)$`));
    });
  });

  describe('dingtalk.snippetFormat and Send Selection', () => {
    it('markdown (the default): Send Selection sends the code block, no image', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      await sendSelection(h.services, editor());
      assert.equal(h.sim.uploads.length, 0);
      assert.deepEqual(h.sim.messages.map((m) => m.type), ['markdown']);
      assert.match(h.sim.messages[0].body.markdown.text, /```ts\n/);
    });

    it('image: Send Selection sends the image only', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'image';
      await sendSelection(h.services, editor());
      uploadedPng();
      assert.equal(h.sim.messages.length, 1);
      assert.match(h.sim.messages[0].body.markdown.text, /^#### src\/math\.ts:10-12\n\n!\[/);
    });

    it('imageAndText: the image, then the code as text, in one send', async () => {
      await h.services.robots.add(h.drafts.app);
      h.settings.snippetFormat = 'imageAndText';
      await sendSelection(h.services, editor());
      uploadedPng();
      assert.deepEqual(h.sim.messages.map((m) => m.type), ['sampleImageMsg', 'sampleMarkdown']);
      assert.equal(h.sim.messages[0].body.photoURL, h.sim.uploads[0].mediaId);
      assert.match(h.sim.messages[1].body.text, /```ts\nexport function add\(a: number, b: number\): number \{/);
      assert.deepEqual(h.ui.messages('info'), ['Sent src/math.ts:10–12 to "App" in 2 parts.']);
    });

    it('imageAndText: the preview shows the picture and then the code block, as they are sent', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'imageAndText';
      h.settings.confirmBeforeSend = 'always';
      h.ui.script({ previews: ['send'] });
      await sendSelection(h.services, editor());
      const [shown] = h.ui.previews;
      assert.ok(shown.image);
      assert.equal(shown.messages.length, 1);
      assert.match(shown.messages[0], /```ts\nexport function add/);
      assert.match(shown.summary, /· 2 parts$/);
      assert.match(previewHtml(shown, 'n0nce'), /<div class="bubble image"><img [^>]*><\/div>[\s\S]*<div class="bubble markdown"><p><strong>src\/math\.ts<\/strong>/);
      assert.equal(h.sim.messages[1].body.markdown.text, shown.messages[0]);
    });

    it('imageAndText: a Retry after the text failed sends the text only, not the image again', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'imageAndText';
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
      h.ui.script({ actions: ['Retry'] });
      await sendSelection(h.services, editor());
      assert.equal(h.sim.uploads.length, 1);
      assert.equal(h.sim.messages.length, 2);
      assert.match(h.sim.messages[0].body.markdown.text, /^#### /);
      assert.match(h.sim.messages[1].body.markdown.text, /```ts/);
    });
  });

  it('the preview shows the exact PNG that is then uploaded', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send'] });
    await sendSelectionAsImage(h.services, editor());
    assert.equal(h.ui.previews.length, 1);
    const shown = h.ui.previews[0].image;
    assert.ok(shown);
    assert.ok(shown.startsWith('data:image/png;base64,'));
    assert.deepEqual(Buffer.from(shown.slice('data:image/png;base64,'.length), 'base64'), h.sim.uploads[0].bytes);
    assert.deepEqual(h.ui.previews[0].files, [{ name: 'math.ts-10-12.png', size: h.ui.previews[0].files[0].size }]);
    const page = previewHtml(h.ui.previews[0], 'n0nce');
    assert.ok(page.includes(`<img src="${shown}"`));
    assert.match(page, /content="default-src 'none'; img-src data:; style-src 'nonce-n0nce'/);
  });

  describe('the preview offers the other form', () => {
    const PYTHON = 'def area(r):\n    return 3.14 * r * r\n';
    const python = (): EditorState => ({
      document: { fsPath: '/work/project/geo.py', relativePath: 'geo.py', languageId: 'python', text: PYTHON, isDirty: false },
      selections: [{ startLine: 1, endLine: 2, text: PYTHON }],
      tabSize: 4,
    });
    const shownPng = (index: number): Buffer => {
      const shown = h.ui.previews[index].image;
      assert.ok(shown);
      return Buffer.from(shown.slice('data:image/png;base64,'.length), 'base64');
    };

    beforeEach(() => {
      h.settings.confirmBeforeSend = 'always';
    });

    it('a Python snippet\'s text preview says its indentation may be flattened; Send as Image draws it, previews the PNG, and that PNG is what arrives', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.ui.script({ previews: ['other', 'send'] });
      await sendSelection(h.services, python());
      const [text, picture] = h.ui.previews;
      assert.match(text.messages[0], /```python\ndef area\(r\):/);
      assert.deepEqual(text.notes, ["DingTalk's clients (the phone above all) may flatten the indentation of this code, which its language reads: an image keeps it."]);
      assert.equal(text.other?.label, 'Send as Image');
      assert.equal(picture.other?.label, 'Send as Text');
      assert.deepEqual(picture.notes, []);
      assert.deepEqual(recorded().requests.map((r) => [r.code, r.language, r.header]), [[PYTHON, 'python', 'geo.py:1-2']]);
      assert.deepEqual(shownPng(1), h.sim.uploads[0].bytes);
      PNG.sync.read(shownPng(1));
      assert.equal(h.sim.uploads.length, 1);
      assert.deepEqual(h.sim.messages.map((m) => m.type), ['markdown']);
      assert.match(h.sim.messages[0].body.markdown.text, /^#### geo\.py:1-2\n\n!\[/);
    });

    it('an image\'s preview offers the text; Send as Text previews the code block (with the note and the image offered back) and sends it, without uploading', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.ui.script({ previews: ['other', 'send'] });
      await sendSelectionAsImage(h.services, python());
      const [picture, text] = h.ui.previews;
      assert.ok(picture.image);
      assert.equal(text.image, undefined);
      assert.match(text.messages[0], /```python\ndef area\(r\):\n {4}return 3\.14 \* r \* r\n```/);
      assert.equal(text.notes.length, 1);
      assert.equal(text.other?.label, 'Send as Image');
      assert.equal(h.sim.uploads.length, 0);
      assert.deepEqual(h.sim.messages.map((m) => m.type), ['markdown']);
      assert.match(h.sim.messages[0].body.markdown.text, /```python\n/);
    });

    it('switching keeps the @mentions typed once, and the image\'s markdown message carries them', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.askForMentions = true;
      h.ui.script({ inputs: ['13800000000'], previews: ['other', 'send'] });
      await sendSelection(h.services, python());
      assert.equal(h.ui.inputOptions.length, 1);
      assert.match(h.ui.previews[1].summary, /@13800000000/);
      assert.equal(h.sim.messages.length, 1);
      assert.deepEqual(h.sim.messages[0].body.at.atMobiles, ['13800000000']);
      assert.match(h.sim.messages[0].body.markdown.text, /\(@[^)]+\)\n\n@13800000000$/);
    });

    it('a robot that cannot upload is not offered the image, though the note stays', async () => {
      await h.services.robots.add(h.drafts.plain);
      h.ui.script({ previews: ['send'] });
      await sendSelection(h.services, python());
      assert.equal(h.ui.previews[0].other, undefined);
      assert.equal(h.ui.previews[0].notes.length, 1);
      assert.equal(h.sim.messages.length, 1);
    });

    it('a TypeScript snippet with nested lines gets the nested-indentation note', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.ui.script({ previews: ['send'] });
      await sendSelection(h.services, editor());
      assert.deepEqual(h.ui.previews[0].notes, ["DingTalk's clients (the phone above all) may flatten the nested indentation of this code: an image keeps it."]);
    });

    it('with confirmBeforeSend never, nothing is shown or offered: the text goes as it did', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.confirmBeforeSend = 'never';
      await sendSelection(h.services, python());
      assert.equal(h.ui.previews.length, 0);
      assert.equal(made().length, 0);
      assert.deepEqual(h.sim.messages.map((m) => m.type), ['markdown']);
      assert.match(h.sim.messages[0].body.markdown.text, /```python/);
    });

    it('an app robot\'s image preview says it cannot @mention', async () => {
      await h.services.robots.add(h.drafts.app);
      h.ui.script({ previews: ['send'] });
      await sendSelectionAsImage(h.services, python());
      assert.deepEqual(h.ui.previews[0].notes, ["An app robot's image message cannot @mention anyone."]);
      assert.equal(h.sim.messages[0].type, 'sampleImageMsg');
    });
  });

  describe('what is drawn', () => {
    const TWO = ['const a = 1;', 'const b = 2;', 'const c = 3;', 'const d = 4;', ''].join('\n');
    const twoSelections = (): EditorState => ({
      document: { fsPath: '/work/project/src/v.ts', relativePath: 'src/v.ts', languageId: 'typescript', text: TWO, isDirty: false },
      selections: [
        { startLine: 1, endLine: 1, text: 'const a = 1;' },
        { startLine: 3, endLine: 3, text: 'const c = 3;' },
      ],
      tabSize: 2,
    });

    it('several selections: asked, one image of the lines they span', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.ui.script({ actions: ['Send Lines 1–3 as Image'] });
      await sendSelectionAsImage(h.services, twoSelections());
      assert.match(h.ui.shown[0].message, /^2 selections are made: an image shows one piece of code\./);
      assert.deepEqual(h.ui.shown[0].actions, ['Send Lines 1–3 as Image', 'Send Selections as Text']);
      assert.deepEqual(recorded().requests.map((r) => [r.code, r.header, r.firstLine]), [['const a = 1;\nconst b = 2;\nconst c = 3;', 'src/v.ts:1-3', 1]]);
      assert.equal(h.sim.uploads.length, 1);
    });

    it('several selections as text: the two selections in one markdown message, nothing drawn', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.settings.snippetFormat = 'image';
      h.ui.script({ actions: ['Send Selections as Text'] });
      await sendSelection(h.services, twoSelections());
      assert.equal(made().length, 0);
      assert.equal(h.sim.messages.length, 1);
      const text = h.sim.messages[0].body.markdown.text as string;
      assert.ok(text.includes('const a = 1;') && text.includes('const c = 3;') && !text.includes('const b = 2;'), text);
    });

    it('nothing selected and no lines on screen (a file from the explorer): asks, then draws the whole file', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.ui.script({ actions: ['Send as Image'] });
      await sendSelectionAsImage(h.services, { ...twoSelections(), selections: [] });
      assert.match(h.ui.shown[0].message, /^Nothing is selected\. Send all of src\/v\.ts as an image\?\nIts 4 lines go as one image\./);
      assert.deepEqual(recorded().requests.map((r) => r.header), ['src/v.ts:1-4']);
    });

    it('nothing selected, asked, and declined: nothing is drawn or sent', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.ui.script({ actions: [undefined] });
      await sendSelectionAsImage(h.services, { ...twoSelections(), selections: [] });
      assert.equal(made().length, 0);
      assert.equal(h.sim.requests.length, 0);
    });
  });

  it('Cancel in the preview sends nothing', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: [undefined] });
    assert.equal(await sendSelectionAsImage(h.services, editor()), undefined);
    assert.equal(h.sim.requests.length, 0);
  });
});
