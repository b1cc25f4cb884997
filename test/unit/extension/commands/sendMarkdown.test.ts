import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sendMarkdown } from '../../../../src/extension/commands/sendMarkdown';
import type { DocumentState, EditorState, SelectionState } from '../../../../src/extension/editorState';
import { chinese, startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { GitSandbox } from '../gitRepos';
import { IMAGE_BYTES } from '../imageBytes';

function markdownEditor(text: string, selections: SelectionState[] = [], document: Partial<DocumentState> = {}): EditorState {
  return {
    document: { fsPath: '/workspace/docs/release.md', relativePath: 'docs/release.md', languageId: 'markdown', text, isDirty: false, ...document },
    selections,
  };
}

const RELEASE = ['---', 'tags: [release]', '---', '', '# Release **1.2**', '', '- faster uploads', '- `zip` for .ts files', ''].join('\n');

describe('commands/sendMarkdown', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('sends the document converted, titled with its first heading, front matter dropped', async () => {
    await h.services.robots.add(h.drafts.plain);
    const result = await sendMarkdown(h.services, markdownEditor(RELEASE));
    assert.equal(result?.parts, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.sim.messages[0].body.markdown, { title: 'Release 1.2', text: '# Release **1.2**\n\n- faster uploads\n- `zip` for .ts files' });
    assert.deepEqual(h.ui.messages('info'), ['Sent docs/release.md to "Plain".']);
    assert.deepEqual(h.ui.messages('warn'), []);
  });

  it('is titled with the front matter title before the first heading', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor(['---', 'title: "Release notes: 1.2"', '---', '', '# Release **1.2**', ''].join('\n')));
    assert.equal(h.sim.messages[0].body.markdown.title, 'Release notes: 1.2');
  });

  it('is titled with the file name when there is no heading', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor('Just a note.\n\n    # indented code, not a heading\n'));
    assert.equal(h.sim.messages[0].body.markdown.title, 'release.md');
  });

  it('converts what DingTalk cannot show: a table and raw HTML', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor('# Matrix\n\n| OS | Status |\n|----|--------|\n| Linux | ok |\n\n<details><summary>More</summary>\n\nHidden <b>bold</b>\n\n</details>\n'));
    const text: string = h.sim.messages[0].body.markdown.text;
    assert.ok(!/<\/?(details|summary|b)>/.test(text), text);
    assert.ok(!text.includes('|----|'), text);
    assert.ok(text.includes('Linux') && text.includes('Hidden'), text);
  });

  it('sends only the non-empty selections when there are some, in document order, converted', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(
      h.services,
      markdownEditor(RELEASE, [
        { startLine: 9, endLine: 9, text: '- `zip` for .ts files' },
        { startLine: 3, endLine: 3, text: '  ' },
        { startLine: 6, endLine: 6, text: '## Highlights' },
      ]),
    );
    assert.deepEqual(h.sim.messages[0].body.markdown, { title: 'Highlights', text: '## Highlights\n\n- `zip` for .ts files' });
  });

  it('titles a selection without a heading with the file name', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor(RELEASE, [{ startLine: 7, endLine: 7, text: '- faster uploads' }]));
    assert.deepEqual(h.sim.messages[0].body.markdown, { title: 'release.md', text: '- faster uploads' });
  });

  it('dedents a selection taken from inside a list, so it is not read as a code block', async () => {
    await h.services.robots.add(h.drafts.plain);
    const nested = '- Setup\n    - **Install** the `.vsix`\n    - Add a robot\n';
    await sendMarkdown(h.services, markdownEditor(nested, [{ startLine: 2, endLine: 3, text: '    - **Install** the `.vsix`\n    - Add a robot' }]));
    assert.equal(h.sim.messages[0].body.markdown.text, '- **Install** the `.vsix`\n- Add a robot');
  });

  it('accepts a .markdown file whatever its language mode, and an untitled markdown document', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor('# One', [], { fsPath: '/w/notes.markdown', relativePath: 'notes.markdown', languageId: 'plaintext' }));
    await sendMarkdown(h.services, markdownEditor('# Two', [], { fsPath: undefined, relativePath: 'Untitled-1', isDirty: true }));
    assert.deepEqual(h.sim.messages.map((m) => m.body.markdown.title), ['One', 'Two']);
  });

  it('splits a long document at headings into numbered parts titled with the heading', async () => {
    await h.services.robots.add(h.drafts.plain);
    const body = Array.from({ length: 60 }, (_, i) => `## Section ${i}\n\n${'文档内容 '.repeat(40)}`).join('\n\n');
    await sendMarkdown(h.services, markdownEditor(`# Handbook\n\n${body}`));
    const total = h.sim.messages.length;
    assert.ok(total >= 2);
    assert.deepEqual(h.sim.messages.map((m) => m.body.markdown.title), Array.from({ length: total }, (_, i) => `Handbook (${i + 1}/${total})`));
    // Each part after the first starts at a section heading, and every section arrives once.
    for (const message of h.sim.messages.slice(1)) {
      assert.match(message.body.markdown.text, /^\(\d+\/\d+\)\n\n## Section \d+\n/);
    }
    const all = h.sim.messages.map((m) => m.body.markdown.text as string).join('\n');
    assert.deepEqual(Array.from(all.matchAll(/## Section (\d+)\n/g), (m) => Number(m[1])), Array.from({ length: 60 }, (_, i) => i));
    assert.deepEqual(h.ui.messages('info'), [`Sent docs/release.md to "Plain" in ${total} parts.`]);
  });

  it('sends through an app robot as sampleMarkdown', async () => {
    await h.services.robots.add(h.drafts.app);
    await sendMarkdown(h.services, markdownEditor('# Hi\n\ntext'));
    assert.equal(h.sim.messages[0].type, 'sampleMarkdown');
    assert.deepEqual(h.sim.messages[0].body, { title: 'Hi', text: '# Hi\n\ntext' });
  });

  it('refuses a document that is not markdown, and one with nothing but front matter', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor('# not markdown', [], { fsPath: '/w/app.ts', relativePath: 'src/app.ts', languageId: 'typescript' }));
    await sendMarkdown(h.services, markdownEditor('---\ntitle: x\n---\n\n  \n'));
    await sendMarkdown(h.services, undefined);
    assert.deepEqual(h.ui.messages('error'), [
      'src/app.ts is not a markdown document. Send Markdown sends .md files; use Send Selection or Send File for other files.',
      'docs/release.md has no content to send.',
      'Open a markdown document (or its preview) to send it to DingTalk.',
    ]);
    assert.equal(h.sim.requests.length, 0);
  });

  it('posts once when invoked twice at once (a double click on the send button)', async () => {
    await h.services.robots.add(h.drafts.plain);
    const results = await Promise.all([sendMarkdown(h.services, markdownEditor(RELEASE)), sendMarkdown(h.services, markdownEditor(RELEASE))]);
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(results.map((r) => r?.parts), [1, undefined]);
    assert.deepEqual(h.ui.messages('info'), ['This is already being sent to "Plain".', 'Sent docs/release.md to "Plain".']);
  });

  it('keeps the markdown as written when sending fails, and Copy Content puts it on the clipboard', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Copy Content'] });
    assert.equal(await sendMarkdown(h.services, markdownEditor(RELEASE)), undefined);
    assert.deepEqual(h.services.unsent.get(), { text: RELEASE, language: 'markdown', robotId: robot.id });
    assert.equal(h.ui.clipboard, RELEASE);
    assert.equal(h.sim.messages.length, 0);
  });

  it('resumes a split document at the part that failed', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send', skip: 1 });
    h.ui.script({ actions: ['Retry'] });
    const body = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: ${'words '.repeat(150)}`).join('\n\n');
    const result = await sendMarkdown(h.services, markdownEditor(`# Long\n\n${body}`));
    const total = result?.parts ?? 0;
    assert.ok(total >= 2);
    assert.deepEqual(h.sim.messages.map((m) => m.body.markdown.title), Array.from({ length: total }, (_, i) => `Long (${i + 1}/${total})`));
  });

  describe('local images', () => {
    let dir: string;
    let outside: string;
    const REMOTE = 'https://example.com/diagrams/remote.png';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'dingtalk-md-'));
      outside = mkdtempSync(join(tmpdir(), 'dingtalk-md-outside-'));
      mkdirSync(join(dir, 'docs/img'), { recursive: true });
      writeFileSync(join(dir, 'docs/img/arch diagram.png'), IMAGE_BYTES.png);
      writeFileSync(join(dir, 'logo.gif'), IMAGE_BYTES.gif);
      writeFileSync(join(outside, 'photo.jpg'), IMAGE_BYTES.jpg);
      writeFileSync(join(dir, 'docs/fake.png'), 'just text, named .png\n');
      writeFileSync(join(dir, '.env'), 'API_KEY=abc\n');
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    });

    /** A document in docs/ with a relative, a workspace-rooted, an absolute and a file: image, and a remote one. */
    function imagesEditor(extra = ''): EditorState {
      const text = [
        '# Architecture',
        '',
        '![Architecture](<img/arch diagram.png>)',
        '',
        '![Logo](/logo.gif)',
        '',
        `![Photo](${join(outside, 'photo.jpg')})`,
        '',
        `![Again](${pathToFileURL(join(dir, 'docs/img/arch diagram.png')).href})`,
        '',
        `![Remote](${REMOTE})`,
        extra,
      ].join('\n');
      return markdownEditor(text, [], { fsPath: join(dir, 'docs/guide.md'), relativePath: 'docs/guide.md', workspaceFolder: dir });
    }

    it('uploads each local image once with the robot app credentials and shows it by media_id; remote images stay', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      await sendMarkdown(h.services, imagesEditor());
      assert.equal(h.sim.uploads.length, 3);
      assert.deepEqual(h.sim.uploads.map((u) => u.filename).sort(), ['arch diagram.png', 'logo.gif', 'photo.jpg']);
      const text: string = h.sim.messages[0].body.markdown.text;
      for (const upload of h.sim.uploads) {
        assert.ok(text.includes(`](${upload.mediaId})`), `${upload.mediaId} in ${text}`);
      }
      assert.ok(text.includes(`](${REMOTE})`), text);
      assert.equal(h.ui.progress[0].messages.filter((m) => m.startsWith('Uploading image')).length, 3);
      assert.deepEqual(h.ui.messages('warn'), []);
    });

    it('uploads through an enterprise app robot too', async () => {
      await h.services.robots.add(h.drafts.app);
      await sendMarkdown(h.services, imagesEditor());
      assert.equal(h.sim.uploads.length, 3);
      assert.ok(h.sim.uploads.every((u) => (h.sim.messages[0].body.text as string).includes(u.mediaId)));
    });

    it('without app credentials uploads nothing, shows alt text, and says so once, with how to fix it', async () => {
      await h.services.robots.add(h.drafts.plain);
      await sendMarkdown(h.services, imagesEditor());
      assert.equal(h.sim.uploads.length, 0);
      assert.equal(h.sim.requests.filter((r) => r.path.startsWith('/gettoken')).length, 0);
      const text: string = h.sim.messages[0].body.markdown.text;
      for (const alt of ['Architecture', 'Logo', 'Photo', 'Again']) {
        assert.ok(text.includes(alt), `${alt} in ${text}`);
      }
      assert.ok(!text.includes('arch diagram') && !text.includes('photo.jpg'), text);
      assert.ok(text.includes(`](${REMOTE})`), text);
      const warnings = h.ui.shown.filter((s) => s.kind === 'warn');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0].message, /^"Plain" cannot upload images, so 4 local images arrived as their alt text: img\/arch diagram\.png, \/logo\.gif, .*photo\.jpg, file:.*\. To send images, choose Edit Robot and add the AppKey and AppSecret/);
      assert.deepEqual(warnings[0].actions, ['Edit Robot']);
      assert.deepEqual(h.ui.messages('info'), ['Sent docs/guide.md to "Plain".']);
    });

    it('tells a Chinese user in Chinese', async () => {
      const zh = await startExtensionHarness({ locale: 'zh-cn', t: chinese() });
      try {
        await zh.services.robots.add(zh.drafts.plain);
        await sendMarkdown(zh.services, markdownEditor('# 图\n\n![架构](img/arch%20diagram.png)\n', [], { fsPath: join(dir, 'docs/guide.md'), relativePath: 'docs/guide.md' }));
        assert.deepEqual(zh.ui.messages('warn'), [
          '“Plain”无法上传图片，因此 1 张本地图片以替代文字送达：img/arch diagram.png。如需发送图片，请选择“编辑机器人”并添加钉钉应用的 AppKey 和 AppSecret，或使用企业内部应用机器人发送。',
        ]);
        assert.deepEqual(zh.ui.shown.find((s) => s.kind === 'warn')?.actions, ['编辑机器人']);
      } finally {
        await zh.stop();
      }
    });

    it('tells about the images once per send, after a Retry too', async () => {
      await h.services.robots.add(h.drafts.plain);
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      h.ui.script({ actions: ['Retry'] });
      await sendMarkdown(h.services, imagesEditor());
      assert.equal(h.sim.messages.length, 1);
      assert.equal(h.ui.messages('error').length, 1);
      assert.equal(h.ui.messages('warn').length, 1);
    });

    it('refuses a .png that is text and a file that is not an image, reports them once, and uploads nothing of them', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      await sendMarkdown(h.services, markdownEditor('# Leak?\n\n![shot](fake.png)\n\n![secrets](../.env)\n\n![gone](img/missing.png)\n', [], { fsPath: join(dir, 'docs/guide.md'), relativePath: 'docs/guide.md' }));
      assert.equal(h.sim.uploads.length, 0);
      const text: string = h.sim.messages[0].body.markdown.text;
      assert.ok(!text.includes('fake.png') && !text.includes('.env'), text);
      assert.deepEqual(h.ui.messages('warn'), [
        '3 images arrived as their alt text: fake.png: named like an image, but its content is not a JPEG, PNG, GIF or BMP image; ../.env: not an image DingTalk takes (jpg, jpeg, png, gif, bmp); img/missing.png: file not found.',
      ]);
    });

    it('fails the send when an upload fails midway; Retry keeps the uploads already done', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      h.sim.inject({ kind: 'status', status: 400, path: '/media/upload', skip: 1 });
      h.ui.script({ actions: ['Retry'] });
      const result = await sendMarkdown(h.services, imagesEditor());
      assert.equal(result?.parts, 1);
      const [failure] = h.ui.shown.filter((s) => s.kind === 'error');
      assert.ok(failure.actions.includes('Retry') && failure.actions.includes('Copy Content'));
      // One upload before the failure, the two others after Retry: none twice.
      assert.equal(h.sim.uploads.length, 3);
      assert.equal(new Set(h.sim.uploads.map((u) => u.filename)).size, 3);
      assert.equal(h.sim.messages.length, 1);
      assert.ok(h.sim.uploads.every((u) => (h.sim.messages[0].body.markdown.text as string).includes(u.mediaId)));
    });

    it('resolves the images of a selection against the markdown file folder', async () => {
      await h.services.robots.add(h.drafts.withFiles);
      const editor = imagesEditor();
      editor.selections = [{ startLine: 3, endLine: 3, text: '![Architecture](<img/arch diagram.png>)' }];
      await sendMarkdown(h.services, editor);
      assert.equal(h.sim.uploads.length, 1);
      assert.equal(h.sim.messages[0].body.markdown.title, 'guide.md');
      assert.ok((h.sim.messages[0].body.markdown.text as string).includes(h.sim.uploads[0].mediaId));
    });
  });

  describe('repository links', function () {
    this.timeout(20_000);
    let sandbox: GitSandbox;
    beforeEach(() => {
      sandbox = new GitSandbox();
    });
    afterEach(() => sandbox.dispose());

    it('links files of a pushed repository on its web host, and leaves other links as text', async () => {
      await h.services.robots.add(h.drafts.plain);
      const readme = '# Widgets\n\nSee [setup](docs/setup.md#install), the [sources](./src/), the [draft](docs/draft.md) and [outside](../elsewhere.md).\n';
      const repo = sandbox.repository('widgets', { 'README.md': readme, 'docs/setup.md': '# Setup\n', 'src/app.ts': 'export {};\n' });
      sandbox.publish(repo, 'git@github.com:acme/widgets.git');
      sandbox.write(repo, { 'docs/draft.md': '# Draft\n' });
      const head = sandbox.head(repo);
      await sendMarkdown(h.services, markdownEditor(readme, [], { fsPath: join(repo, 'README.md'), relativePath: 'README.md', workspaceFolder: repo }));
      const text: string = h.sim.messages[0].body.markdown.text;
      assert.ok(text.includes(`[setup](https://github.com/acme/widgets/blob/${head}/docs/setup.md#install)`), text);
      assert.ok(text.includes(`[sources](https://github.com/acme/widgets/tree/${head}/src)`), text);
      assert.ok(text.includes('the draft and outside'), text);
    });

    it('leaves relative links as text outside a repository', async () => {
      await h.services.robots.add(h.drafts.plain);
      const folder = sandbox.folder('plain', { 'README.md': 'x', 'LICENSE': 'MIT' });
      await sendMarkdown(h.services, markdownEditor('# Plain\n\nSee [the license](LICENSE).\n', [], { fsPath: join(folder, 'README.md'), relativePath: 'README.md' }));
      assert.equal(h.sim.messages[0].body.markdown.text, '# Plain\n\nSee the license.');
    });
  });
});
