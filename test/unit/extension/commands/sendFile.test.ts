import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendFiles } from '../../../../src/extension/commands/sendFile';
import type { FileRef } from '../../../../src/extension/editorState';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

const MB = 1024 * 1024;

describe('commands/sendFile', () => {
  let h: ExtensionHarness;
  let dir: string;

  /** A real file in the test's folder, named as the explorer would name it. */
  async function file(name: string, content: string | Buffer = `content of ${name}\n`): Promise<FileRef> {
    const fsPath = join(dir, name);
    await writeFile(fsPath, content);
    return { fsPath, relativePath: `docs/${name}` };
  }

  async function folder(name: string): Promise<FileRef> {
    const fsPath = join(dir, name);
    await mkdir(fsPath);
    await writeFile(join(fsPath, 'secret.env'), 'TOKEN=fake');
    return { fsPath, relativePath: name };
  }

  const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex');
  const sentNames = (): string[] => h.sim.messages.map((m) => m.body.file?.fileName ?? m.body.fileName);

  beforeEach(async () => {
    h = await startExtensionHarness();
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-send-file-'));
  });
  afterEach(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads a PDF and sends one file message with its media id', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const content = '%PDF-1.4 fake report\n';
    const results = await sendFiles(h.services, [await file('report.pdf', content)]);
    assert.equal(h.sim.uploads.length, 1);
    assert.deepEqual(
      { filename: h.sim.uploads[0].filename, type: h.sim.uploads[0].type, sha256: h.sim.uploads[0].sha256 },
      { filename: 'report.pdf', type: 'file', sha256: sha256(content) },
    );
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.sim.messages[0].body.file, { mediaId: h.sim.uploads[0].mediaId, fileName: 'report.pdf', fileType: 'pdf' });
    assert.equal(results?.[0].sentAs, 'file');
    assert.deepEqual(h.ui.messages('info'), ['Sent report.pdf to "Files".']);
    assert.equal(h.ui.progress[0].title, 'Sending report.pdf to "Files"');
  });

  it('zips a type DingTalk refuses and tells the user, in their language', async () => {
    const zh = await startExtensionHarness({ locale: 'zh-CN' });
    try {
      await zh.services.robots.add(zh.drafts.withFiles);
      await sendFiles(zh.services, [await file('app.ts', 'export const x = 1;\n')]);
      assert.deepEqual(zh.sim.uploads.map((u) => u.filename), ['app.ts.zip']);
      assert.equal(zh.sim.messages[0].body.file.fileName, 'app.ts.zip');
      assert.deepEqual(zh.ui.messages('info'), ['Sent app.ts to "Files". 钉钉不接受 .ts 文件，已将 app.ts 打包为 app.ts.zip 发送。']);
    } finally {
      await zh.stop();
    }
  });

  it('sends several files one after another, each in the progress, and all arrive', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const files = [await file('a.pdf'), await file('b.docx'), await file('c.png', Buffer.from('89504e470d0a1a0a', 'hex'))];
    const results = await sendFiles(h.services, files);
    assert.equal(results?.length, 3);
    assert.deepEqual(h.sim.uploads.map((u) => [u.filename, u.type]), [['a.pdf', 'file'], ['b.docx', 'file'], ['c.png', 'image']]);
    assert.deepEqual(h.sim.messages.map((m) => m.type), ['file', 'file', 'markdown']);
    assert.equal(h.sim.messages[2].body.markdown.text, `![c.png](${h.sim.uploads[2].mediaId})`);
    assert.deepEqual(h.ui.progress[0].messages, ['(1/3) a.pdf', '(2/3) b.docx', '(3/3) c.png']);
    assert.deepEqual(h.ui.messages('info'), ['Sent 3 files to "Files".']);
  });

  it('waits out a throttle answer to the upload as a message waits one: said once in the progress, no error, the file arrives', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.sim.inject({ kind: 'throttle', path: '/media/upload' });
    const results = await sendFiles(h.services, [await file('report.pdf')]);
    assert.equal(results?.[0].sentAs, 'file');
    assert.equal(h.sim.uploads.length, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.ui.progress[0].messages, ['(1/1) report.pdf', 'DingTalk asked to slow down; resuming in 2 s…']);
    assert.deepEqual(h.ui.messages('error'), []);
    assert.deepEqual(h.ui.messages('info'), ['Sent report.pdf to "Files".']);
  });

  it('sends a file only once when it is named twice', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const report = await file('report.pdf');
    await sendFiles(h.services, [report, { ...report }]);
    assert.equal(h.sim.messages.length, 1);
  });

  it('sends files through an app robot', async () => {
    await h.services.robots.add(h.drafts.app);
    await sendFiles(h.services, [await file('report.pdf')]);
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.sim.messages[0].channel, 'group');
    assert.equal(h.sim.messages[0].type, 'sampleFile');
    assert.equal(h.sim.messages[0].body.fileName, 'report.pdf');
  });

  it('refuses a folder, saying to select its files or zip it, and sends nothing', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const result = await sendFiles(h.services, [await folder('build')]);
    assert.equal(result, undefined);
    assert.deepEqual(h.ui.messages('error'), [
      'build: folders are not sent, since one may hold secrets, build output or gigabytes. Select the files inside, or zip the folder yourself and send the zip.',
    ]);
    assert.equal(h.sim.requests.length, 0);
  });

  it('skips folders in a mixed selection, says which, and sends the files', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    await sendFiles(h.services, [await folder('build'), await file('report.pdf'), await folder('secrets')]);
    assert.deepEqual(h.ui.messages('warn'), [
      'Skipped build, secrets: folders are not sent, since one may hold secrets, build output or gigabytes. Select the files inside, or zip the folder yourself and send the zip.',
    ]);
    assert.deepEqual(sentNames(), ['report.pdf']);
    assert.deepEqual(h.sim.uploads.map((u) => u.filename), ['report.pdf']);
  });

  it('refuses a file over 20 MB, naming it and its size, before any upload', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const big = await file('video-notes.pdf', 'x');
    await truncate(big.fsPath, 21 * MB);
    const result = await sendFiles(h.services, [big]);
    assert.equal(result, undefined);
    assert.deepEqual(h.ui.messages('error'), [
      'video-notes.pdf is 21.0 MB; DingTalk accepts at most 20.0 MB. Send a smaller file or share a link instead.',
    ]);
    assert.deepEqual(h.ui.shown[0].actions, []);
    assert.equal(h.sim.requests.length, 0);
  });

  it('offers to send the other files when some cannot be sent', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const big = await file('big.pdf', 'x');
    await truncate(big.fsPath, 21 * MB);
    const missing: FileRef = { fsPath: join(dir, 'gone.pdf'), relativePath: 'docs/gone.pdf' };
    h.ui.script({ actions: ['Send the Others'] });
    await sendFiles(h.services, [big, missing, await file('ok.pdf'), await file('empty.pdf', '')]);
    const [refusal] = h.ui.shown;
    assert.equal(refusal.kind, 'error');
    assert.deepEqual(refusal.actions, ['Send the Others']);
    assert.match(refusal.message, /^big\.pdf is 21\.0 MB;.* docs\/gone\.pdf cannot be read \(ENOENT\).* docs\/empty\.pdf is empty: DingTalk does not take empty files\.$/);
    assert.deepEqual(sentNames(), ['ok.pdf']);
    assert.deepEqual(h.sim.uploads.map((u) => u.filename), ['ok.pdf']);
  });

  it('refuses a missing file and sends nothing', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    await sendFiles(h.services, [{ fsPath: join(dir, 'gone.pdf'), relativePath: 'docs/gone.pdf' }]);
    assert.deepEqual(h.ui.messages('error'), [
      'docs/gone.pdf cannot be read (ENOENT): it may have been moved or deleted, or you may not have permission to read it.',
    ]);
    assert.equal(h.sim.requests.length, 0);
  });

  it('refuses a webhook robot without AppKey and AppSecret before any upload, offering Edit Robot', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ actions: [undefined] });
    const result = await sendFiles(h.services, [await file('report.pdf')]);
    assert.equal(result, undefined);
    assert.deepEqual(h.ui.shown, [
      {
        kind: 'error',
        message: '"Plain" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload files. Add them to the robot, or send files with an enterprise app robot.',
        actions: ['Edit Robot'],
      },
    ]);
    assert.equal(h.sim.requests.length, 0);
  });

  it('sends once the user adds the app credentials through Edit Robot', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    h.ui.script({
      actions: ['Edit Robot'],
      picks: [(labels) => labels.find((label) => /AppKey/.test(label))],
      inputs: [FAKE.appKey, FAKE.appSecret],
    });
    await sendFiles(h.services, [await file('report.pdf')]);
    assert.equal(h.services.robots.get(robot.id)?.appKey, FAKE.appKey);
    assert.deepEqual(sentNames(), ['report.pdf']);
  });

  it('offers another robot that can upload, listing only those', async () => {
    await h.services.robots.add(h.drafts.plain);
    await h.services.robots.add(h.drafts.withFiles);
    await h.services.robots.add(h.drafts.signed);
    await h.services.robots.add(h.drafts.app);
    let offered: string[] = [];
    h.ui.script({
      actions: ['Choose Another Robot'],
      picks: [
        (labels) => {
          offered = labels;
          return 'App';
        },
      ],
    });
    const results = await sendFiles(h.services, [await file('report.pdf')]);
    assert.deepEqual(h.ui.shown[0].actions, ['Edit Robot', 'Choose Another Robot']);
    assert.deepEqual(offered, ['Files', 'App']);
    assert.equal(results?.[0].sentAs, 'file');
    assert.equal(h.sim.messages[0].channel, 'group');
    assert.deepEqual(h.ui.messages('info'), ['Sent report.pdf to "App".']);
  });

  it('offers, when the robot is removed while its failure is shown, only robots that can upload', async () => {
    const files = await h.services.robots.add(h.drafts.withFiles);
    await h.services.robots.add(h.drafts.plain);
    await h.services.robots.add(h.drafts.app);
    h.sim.inject({ kind: 'status', status: 400, path: '/media/upload' });
    let offered: string[] = [];
    h.ui.script({
      actions: [
        async () => {
          await h.services.robots.remove(files.id);
          return 'Retry';
        },
        'Choose Robot',
      ],
      picks: [
        (labels) => {
          offered = labels;
          return 'App';
        },
      ],
    });
    await sendFiles(h.services, [await file('report.pdf')]);
    assert.deepEqual(h.ui.messages('error')[1], 'The robot "Files" was removed.');
    assert.deepEqual(offered, ['App', 'Add Robot…']);
    assert.deepEqual(h.ui.progress.map((p) => p.title), ['Sending report.pdf to "Files"', 'Sending report.pdf to "App"']);
    assert.deepEqual(sentNames(), ['report.pdf']);
    assert.equal(h.sim.messages[0].channel, 'group');
    assert.deepEqual(h.ui.messages('info'), ['Sent report.pdf to "App".']);
  });

  it('says a file did not arrive as a file when the robot refused files (400105) and the group got a notice', async () => {
    const token = '3'.repeat(64);
    h.sim.addWebhookRobot({ accessToken: token, acceptsFiles: false });
    await h.services.robots.add({ kind: 'webhook', name: 'No Files', webhook: h.sim.webhookUrl(token), appKey: FAKE.appKey, appSecret: FAKE.appSecret });
    const results = await sendFiles(h.services, [await file('report.pdf')]);
    assert.equal(results?.[0].sentAs, 'fallback');
    assert.deepEqual(h.sim.messages.map((m) => m.type), ['markdown']);
    assert.match(h.sim.messages[0].body.markdown.text, /^📎 \*\*report\.pdf\*\* was shared from VS Code, but this group robot cannot post files\./);
    const note = 'This robot does not accept files, so the group got a notice naming report.pdf instead. An enterprise app robot sends files reliably.';
    assert.deepEqual(h.ui.messages('info'), [`report.pdf did not arrive in "No Files" as a file. ${note}`]);

    // An image goes as a markdown message, which this robot takes: it counts as arrived.
    await sendFiles(h.services, [await file('report.pdf'), await file('c.png', Buffer.from('89504e470d0a1a0a', 'hex'))]);
    assert.equal(h.ui.messages('info')[1], `1 of 2 files arrived in "No Files" as files. ${note}`);
    assert.equal(h.ui.messages('error').length, 0);
  });

  it('warns that the saved version of a dirty file is sent, and sends it only when the user agrees', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const dirty = { ...(await file('notes.txt', 'saved text\n')), isDirty: true };
    h.ui.script({ actions: [undefined, 'Send Saved Version'] });
    assert.equal(await sendFiles(h.services, [dirty]), undefined);
    assert.equal(h.sim.requests.length, 0);
    await sendFiles(h.services, [dirty]);
    assert.deepEqual(h.ui.messages('warn'), [
      'docs/notes.txt: unsaved changes. The version saved on disk is what will be sent.',
      'docs/notes.txt: unsaved changes. The version saved on disk is what will be sent.',
    ]);
    assert.deepEqual(h.ui.shown[0].actions, ['Send Saved Version']);
    assert.equal(h.sim.uploads[0].sha256, sha256('saved text\n'));
  });

  it('sends nothing, not even a token request, when cancelled before the first file', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.ui.onProgress = (cancel) => cancel();
    assert.equal(await sendFiles(h.services, [await file('a.pdf'), await file('b.pdf')]), undefined);
    assert.deepEqual(h.ui.messages('warn'), ['The send was cancelled.']);
    assert.equal(h.sim.requests.length, 0);
  });

  describe('with the preview on', () => {
    /**
     * Answers the preview as the user would after reading it for a while: once DingTalk has answered
     * a token request sent while the preview is open (or after 5 s without one). Resolves whether it had.
     */
    function answerAfterReading(answer: 'send' | undefined): Promise<boolean> {
      return new Promise((resolveFetched) => {
        h.ui.preview = async (model) => {
          h.ui.previews.push(model);
          const fetched = (): boolean => h.sim.requests.some((r) => r.path === '/gettoken' && r.status === 200);
          for (let waited = 0; !fetched() && waited < 5_000; waited += 5) {
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          resolveFetched(fetched());
          return answer;
        };
      });
    }

    beforeEach(() => {
      h.settings.confirmBeforeSend = 'always';
    });

    it('fetches the upload\'s token while the preview is open, and the send then uses it: one token request in all', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      const fetchedDuringPreview = answerAfterReading('send');
      await sendFiles(h.services, [await file('report.pdf')]);
      assert.equal(h.ui.previews.length, 1);
      assert.equal(await fetchedDuringPreview, true, 'the token request was answered while the preview was open');
      assert.deepEqual(
        h.sim.requests.map((r) => r.path),
        ['/gettoken', '/media/upload', '/robot/send'],
      );
      assert.deepEqual(sentNames(), ['report.pdf']);
      assert.equal(h.sim.connections, 1, 'the upload went on the connection the token request opened');
    });

    it('a throttle answer to the token fetched during the preview says nothing then and asks DingTalk nothing more; Send waits it out under its progress, saying so', async () => {
      const record = await h.services.robots.add(h.drafts.withFiles);
      const robot = await h.services.robots.robot(record.id, h.settings.endpoints);
      h.sim.inject({ kind: 'throttle', path: '/gettoken', form: 'gateway' });
      let duringPreview: { requests: string[]; shown: number } | undefined;
      h.ui.preview = async (model) => {
        h.ui.previews.push(model);
        for (let waited = 0; h.client.queueStats(robot).pausedUntil === undefined && waited < 5_000; waited += 5) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        duringPreview = { requests: h.sim.requests.map((r) => r.path), shown: h.ui.progress.length + h.ui.messages('warn').length + h.ui.messages('error').length };
        return 'send';
      };
      await sendFiles(h.services, [await file('report.pdf')]);
      assert.deepEqual(duringPreview, { requests: ['/gettoken'], shown: 0 });
      assert.deepEqual(sentNames(), ['report.pdf']);
      assert.deepEqual(h.sim.requests.map((r) => r.path), ['/gettoken', '/gettoken', '/media/upload', '/robot/send']);
      assert.ok(
        h.ui.progress[0].messages.some((message) => /^DingTalk asked to slow down; resuming in \d+ s…$/.test(message)),
        `the progress said: ${JSON.stringify(h.ui.progress[0].messages)}`,
      );
    });

    it('Cancel during the wait for a throttle the token fetched during the preview met stops the send: no upload, the file kept for Retry', async () => {
      const record = await h.services.robots.add(h.drafts.withFiles);
      const robot = await h.services.robots.robot(record.id, h.settings.endpoints);
      h.sim.inject({ kind: 'throttle', path: '/gettoken', form: 'gateway' });
      h.ui.preview = async (model) => {
        h.ui.previews.push(model);
        for (let waited = 0; h.client.queueStats(robot).pausedUntil === undefined && waited < 5_000; waited += 5) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return 'send';
      };
      let cancel: (() => void) | undefined;
      h.ui.onProgress = (stop) => (cancel = stop);
      // As the user pressing Cancel on the progress once it says when the send resumes.
      const listening = h.services.onClientEvent((event) => event.type === 'rateLimited' && cancel?.());
      await sendFiles(h.services, [await file('report.pdf')]);
      listening.dispose();
      assert.ok(h.ui.progress[0].messages.some((message) => /resuming in \d+ s…$/.test(message)), JSON.stringify(h.ui.progress));
      assert.deepEqual(h.sim.requests.map((r) => r.path), ['/gettoken']);
      assert.deepEqual(h.ui.messages('warn'), ['The send was cancelled.']);
      assert.ok(h.services.unsent.get(), 'kept for Retry');
    });

    it('sends no file when the user cancels the preview; the token fetched meanwhile is all that went out', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      const fetchedDuringPreview = answerAfterReading(undefined);
      assert.equal(await sendFiles(h.services, [await file('report.pdf')]), undefined);
      assert.equal(await fetchedDuringPreview, true);
      assert.deepEqual(
        h.sim.requests.map((r) => r.path),
        ['/gettoken'],
      );
    });
  });

  it('stops during a file when the user cancels, and keeps the rest for Retry', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    // The second upload is slow, so the cancel lands while it is under way.
    h.sim.inject({ kind: 'latency', ms: 2_000, path: '/media/upload', skip: 1 });
    h.ui.onProgress = (cancel) => {
      // Cancel once the second upload has reached the simulator: the first file's answer is in by then.
      const timer = setInterval(() => {
        if (h.sim.requests.filter((r) => r.path === '/media/upload').length === 2) {
          clearInterval(timer);
          cancel();
        }
      }, 2);
    };
    h.ui.script({ actions: [undefined] });
    const result = await sendFiles(h.services, [await file('a.pdf'), await file('b.pdf'), await file('c.pdf')]);
    assert.equal(result, undefined);
    assert.deepEqual(h.ui.messages('warn'), ['The send was cancelled. 1 of 3 files arrived; Retry sends the rest.']);
    assert.deepEqual(h.ui.shown[0].actions, ['Retry', 'Copy Content']);
    // The send is over: what the simulator recorded is all the client ever asked for. The second
    // upload was cut off while under way (still unanswered), the third never started, and no file
    // message followed the first file's.
    const uploads = h.sim.requests.filter((r) => r.path === '/media/upload');
    assert.equal(uploads.length, 2);
    assert.equal(uploads[1].status, 0);
    assert.equal(h.sim.requests.filter((r) => r.path === '/robot/send').length, 1);
    assert.deepEqual(sentNames(), ['a.pdf']);
    assert.equal(h.services.unsent.get()?.text, [join(dir, 'a.pdf'), join(dir, 'b.pdf'), join(dir, 'c.pdf')].join('\n'));
  });

  it('retries from the file that failed: only files 2 and 3 go again', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    h.sim.inject({ kind: 'status', status: 400, path: '/media/upload', skip: 1 });
    h.ui.script({ actions: ['Retry'] });
    const results = await sendFiles(h.services, [await file('a.pdf'), await file('b.pdf'), await file('c.pdf')]);
    assert.match(h.ui.messages('error')[0], /HTTP 400.* 1 of 3 files arrived; Retry sends the rest\.$/);
    assert.deepEqual(h.sim.uploads.map((u) => u.filename), ['a.pdf', 'b.pdf', 'c.pdf']);
    assert.deepEqual(sentNames(), ['a.pdf', 'b.pdf', 'c.pdf']);
    assert.deepEqual(h.ui.progress[1].messages, ['(2/3) b.pdf', '(3/3) c.pdf']);
    assert.deepEqual(results?.map((r) => r.sentName), ['a.pdf', 'b.pdf', 'c.pdf']);
    assert.deepEqual(h.ui.messages('info'), ['Sent 3 files to "Files".']);
    assert.equal(h.services.unsent.get(), undefined);
  });

  it('keeps the file list when sending fails, and Copy Content puts it on the clipboard', async () => {
    const robot = await h.services.robots.add(h.drafts.withFiles);
    h.sim.inject({ kind: 'status', status: 400, path: '/media/upload' });
    h.ui.script({ actions: ['Copy Content'] });
    const report = await file('report.pdf');
    assert.equal(await sendFiles(h.services, [report]), undefined);
    assert.deepEqual(h.services.unsent.get(), { text: report.fsPath, language: 'plaintext', robotId: robot.id });
    assert.equal(h.ui.clipboard, report.fsPath);
    assert.equal(h.sim.messages.length, 0);
  });
});
