import { strict as assert } from 'node:assert';
import { sendMarkdown } from '../../../../src/extension/commands/sendMarkdown';
import type { DocumentState, EditorState, SelectionState } from '../../../../src/extension/editorState';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

function markdownEditor(text: string, selections: SelectionState[] = [], document: Partial<DocumentState> = {}): EditorState {
  return {
    document: { fsPath: '/workspace/docs/release.md', relativePath: 'docs/release.md', languageId: 'markdown', text, isDirty: false, ...document },
    selections,
  };
}

const RELEASE = ['---', 'title: ignored', 'tags: [release]', '---', '', '# Release **1.2**', '', '- faster uploads', '- `zip` for .ts files', ''].join('\n');

describe('commands/sendMarkdown', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('sends the document as markdown, titled with its first heading, front matter dropped', async () => {
    await h.services.robots.add(h.drafts.plain);
    const result = await sendMarkdown(h.services, markdownEditor(RELEASE));
    assert.equal(result?.parts, 1);
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(h.sim.messages[0].body.markdown, { title: 'Release 1.2', text: '# Release **1.2**\n\n- faster uploads\n- `zip` for .ts files\n' });
    assert.deepEqual(h.ui.messages('info'), ['Sent docs/release.md to "Plain".']);
  });

  it('is titled with the file name when there is no heading', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor('Just a note.\n\n    # indented code, not a heading\n'));
    assert.equal(h.sim.messages[0].body.markdown.title, 'release.md');
  });

  it('sends only the non-empty selections when there are some, in document order', async () => {
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

  it('accepts a .markdown file whatever its language mode, and an untitled markdown document', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMarkdown(h.services, markdownEditor('# One', [], { fsPath: '/w/notes.markdown', relativePath: 'notes.markdown', languageId: 'plaintext' }));
    await sendMarkdown(h.services, markdownEditor('# Two', [], { fsPath: undefined, relativePath: 'Untitled-1', isDirty: true }));
    assert.deepEqual(h.sim.messages.map((m) => m.body.markdown.title), ['One', 'Two']);
  });

  it('splits a long document into numbered parts titled with the heading', async () => {
    await h.services.robots.add(h.drafts.plain);
    const body = Array.from({ length: 60 }, (_, i) => `## Section ${i}\n\n${'文档内容 '.repeat(40)}`).join('\n\n');
    await sendMarkdown(h.services, markdownEditor(`# Handbook\n\n${body}`));
    const total = h.sim.messages.length;
    assert.ok(total >= 2);
    assert.deepEqual(h.sim.messages.map((m) => m.body.markdown.title), Array.from({ length: total }, (_, i) => `Handbook (${i + 1}/${total})`));
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

  it('keeps the markdown when sending fails, and Copy Content puts it on the clipboard', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Copy Content'] });
    assert.equal(await sendMarkdown(h.services, markdownEditor(RELEASE)), undefined);
    const sent = '# Release **1.2**\n\n- faster uploads\n- `zip` for .ts files\n';
    assert.deepEqual(h.services.unsent, { text: sent, language: 'markdown', robotId: robot.id });
    assert.equal(h.ui.clipboard, sent);
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
});
