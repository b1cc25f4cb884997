import { strict as assert } from 'node:assert';
import { jsonByteLength, type Mentions } from '../../../../src/core';
import { buildPreviewModel, formatSize, type SendPreview } from '../../../../src/extension/review/previewModel';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

/** About 60 KB of markdown in Chinese and English: sections, lists, and code fences long enough to be cut. */
function longMarkdown(): string {
  return Array.from({ length: 12 }, (_, section) =>
    [
      `## 第 ${section + 1} 节 Section ${section + 1}`,
      '',
      ...Array.from({ length: 8 }, (_, i) => `- 要点 ${i}: ${'钉钉消息预览 preview '.repeat(6)}`),
      '',
      '```ts',
      ...Array.from({ length: 40 }, (_, i) => `const value${i} = computeSomething(${i}, "${'x'.repeat(30)}");`),
      '```',
      '',
    ].join('\n'),
  ).join('\n');
}

function longText(): string {
  return Array.from({ length: 700 }, (_, i) => `第 ${i} 行 line ${i}: ${'内容 content '.repeat(4)}`).join('\n');
}

describe('review/previewModel', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  /** What the group received, per message, as the preview shows it: the markdown or text of each. */
  function received(): string[] {
    return h.sim.messages.map((m) => String(m.body.markdown?.text ?? m.body.text?.content ?? m.body.text ?? m.body.content));
  }

  async function sendThroughClient(record: RobotRecord, preview: SendPreview, at: Mentions | undefined): Promise<number> {
    const robot = await h.services.robots.robot(record.id, h.settings.endpoints);
    const text = preview.text ?? '';
    const result =
      preview.kind === 'message'
        ? await h.client.sendText(robot, text, { at })
        : await h.client.sendMarkdown(robot, preview.messageTitle ?? preview.title, text, { at });
    return result.parts;
  }

  const cases: Array<{ name: string; draft: keyof ExtensionHarness['drafts']; kind: SendPreview['kind']; text: () => string; at?: Mentions }> = [
    { name: 'long markdown to a webhook robot with @mentions', draft: 'plain', kind: 'markdown', text: longMarkdown, at: { mobiles: ['13800000000'], userIds: ['user123'] } },
    { name: 'long markdown to a keyword robot (a keyword added to every part)', draft: 'keyword', kind: 'markdown', text: longMarkdown },
    { name: 'long markdown to an app robot (a smaller limit)', draft: 'app', kind: 'markdown', text: longMarkdown },
    { name: 'long text to a webhook robot with @all', draft: 'plain', kind: 'message', text: longText, at: { all: true } },
    { name: 'long text to an app robot', draft: 'app', kind: 'message', text: longText },
  ];
  for (const { name, draft, kind, text, at } of cases) {
    it(`plans the parts the client sends: ${name}`, async () => {
      const robot = await h.services.robots.add(h.drafts[draft]);
      const preview: SendPreview = { robot, at, kind, title: 'docs/notes.md', messageTitle: 'Notes 笔记', text: text() };
      const model = buildPreviewModel(h.services, preview);
      const parts = await sendThroughClient(robot, preview, at);
      assert.ok(model.parts > 1, `${model.parts} part(s)`);
      assert.equal(model.parts, parts);
      assert.equal(model.parts, h.sim.messages.length);
      assert.deepEqual(model.messages, received());
      assert.equal(model.bytes, jsonByteLength(preview.text ?? ''));
      assert.match(model.summary, new RegExp(` · ${model.parts} parts$`));
    });
  }

  it('plans one message for a short snippet, with the keyword the client adds', async () => {
    const robot = await h.services.robots.add(h.drafts.keyword);
    const preview: SendPreview = { robot, kind: 'selection', title: 'src/app.ts:3–9', messageTitle: 'src/app.ts:3-9', text: '**src/app.ts** · lines 3–9\n\n```ts\nconst a = 1;\n```' };
    const model = buildPreviewModel(h.services, preview);
    await sendThroughClient(robot, preview, undefined);
    assert.deepEqual(model.messages, received());
    assert.equal(model.messages[0].split('\n')[0], '【DingTalk】');
    assert.equal(model.summary, `Keyword · Code snippet · No @mentions · ${model.bytes} B · 1 part`);
    assert.equal(model.title, 'Preview: src/app.ts:3–9');
    assert.deepEqual(model.robot, { name: 'Keyword', detail: 'Custom group robot · keywords: DingTalk' });
  });

  it('leaves out @mentions for an app robot, which cannot send them in a group', async () => {
    const robot = await h.services.robots.add(h.drafts.app);
    const model = buildPreviewModel(h.services, { robot, at: { all: true }, kind: 'message', title: 'a message', text: 'hi' });
    assert.deepEqual(model.messages, ['hi']);
    assert.match(model.summary, /· No @mentions ·/);
  });

  it('lists files with their sizes, one message each, and their total size', async () => {
    const robot = await h.services.robots.add(h.drafts.withFiles);
    const model = buildPreviewModel(h.services, {
      robot,
      kind: 'file',
      title: 'report.pdf, app.ts',
      files: [
        { name: 'report.pdf', size: 3 * 1024 * 1024 },
        { name: 'app.ts', size: 2048 },
      ],
    });
    assert.deepEqual(model.messages, []);
    assert.deepEqual(model.files, [
      { name: 'report.pdf', size: '3.0 MB' },
      { name: 'app.ts', size: '2.0 KB' },
    ]);
    assert.equal(model.parts, 2);
    assert.equal(model.bytes, 3 * 1024 * 1024 + 2048);
    assert.equal(model.summary, 'Files · Files · 3.0 MB · 2 files');
  });

  it('names the kinds and @mentions in the summary', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    const summary = (kind: SendPreview['kind'], at?: Mentions): string => buildPreviewModel(h.services, { robot, kind, at, title: 't', text: 'hi' }).summary;
    assert.equal(summary('markdown', { all: true, mobiles: ['13800000000'], userIds: ['u1'] }), 'Plain · Markdown · @everyone @13800000000 @u1 · 2 B · 1 part');
    assert.equal(summary('selection'), 'Plain · Code snippet · No @mentions · 2 B · 1 part');
    assert.equal(summary('changes'), 'Plain · Code changes · No @mentions · 2 B · 1 part');
  });

  describe('the other form and what to know before sending', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);

    it('a text snippet whose language reads indentation says the phone may flatten it, and offers the image', async () => {
      const robot = await h.services.robots.add(h.drafts.withFiles);
      const model = buildPreviewModel(h.services, { robot, kind: 'selection', title: 'app.py:1–2', text: '```python\ndef f():\n    return 1\n```', indentation: 'syntax', other: 'image' });
      assert.deepEqual(model.notes, ["DingTalk's clients (the phone above all) may flatten the indentation of this code, which its language reads: an image keeps it."]);
      assert.equal(model.other?.label, 'Send as Image');
    });

    it('nested indentation gets its own note; a snippet without either says nothing and offers nothing', async () => {
      const robot = await h.services.robots.add(h.drafts.plain);
      assert.deepEqual(buildPreviewModel(h.services, { robot, kind: 'selection', title: 't', text: 'x', indentation: 'layout' }).notes, [
        "DingTalk's clients (the phone above all) may flatten the nested indentation of this code: an image keeps it.",
      ]);
      const plain = buildPreviewModel(h.services, { robot, kind: 'selection', title: 't', text: 'x' });
      assert.deepEqual(plain.notes, []);
      assert.equal(plain.other, undefined);
    });

    it('an image offers the text form; to a webhook robot its summary names the @mentions its markdown message carries', async () => {
      const robot = await h.services.robots.add(h.drafts.withFiles);
      const model = buildPreviewModel(h.services, { robot, at: { mobiles: ['13800000000'] }, kind: 'file', title: 'app.ts:1–2', files: [{ name: 'app.ts-1-2.png', size: 2048 }], image: png, other: 'text' });
      assert.equal(model.other?.label, 'Send as Text');
      assert.equal(model.summary, 'Files · Code image · @13800000000 · 2.0 KB');
      assert.deepEqual(model.notes, []);
      assert.equal(model.image, `data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    });

    it('an image to an app robot says its message cannot @mention anyone', async () => {
      const robot = await h.services.robots.add(h.drafts.app);
      const model = buildPreviewModel(h.services, { robot, at: { mobiles: ['13800000000'] }, kind: 'file', title: 'app.ts:1–2', files: [{ name: 'app.ts-1-2.png', size: 2048 }], image: png });
      assert.deepEqual(model.notes, ["An app robot's image message cannot @mention anyone."]);
      assert.match(model.summary, /No @mentions/);
    });
  });

  it('formats sizes in bytes, KB and MB', () => {
    assert.deepEqual([formatSize(0), formatSize(1023), formatSize(1024), formatSize(20_000), formatSize(5 * 1024 * 1024)], ['0 B', '1023 B', '1.0 KB', '19.5 KB', '5.0 MB']);
  });
});
