import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendSelection } from '../../../../src/extension/commands/sendSelection';
import type { DocumentState, EditorState, SelectionState } from '../../../../src/extension/editorState';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

const APP_TS = ['import { run } from "./run";', '', 'export function main(): void {', '  if (ready()) {', '    run();', '  }', '}', ''].join('\n');

describe('commands/sendSelection', () => {
  let h: ExtensionHarness;
  let dir: string;

  /** A saved document on disk, as the VS Code adapter describes it. */
  async function saved(name: string, text: string, languageId = 'typescript'): Promise<DocumentState> {
    const fsPath = join(dir, name);
    await writeFile(fsPath, text);
    return { fsPath, relativePath: `src/${name}`, languageId, text, isDirty: false };
  }

  function editor(document: DocumentState, selections: SelectionState[] = []): EditorState {
    return { document, selections };
  }

  const markdownOf = (i = 0): { title: string; text: string } => h.sim.messages[i].body.markdown;

  beforeEach(async () => {
    h = await startExtensionHarness();
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-send-selection-'));
  });
  afterEach(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a selection as a markdown snippet: header with path and lines, tagged fence, dedented code', async () => {
    await h.services.robots.add(h.drafts.plain);
    const document = await saved('app.ts', APP_TS);
    const result = await sendSelection(h.services, editor(document, [{ startLine: 4, endLine: 6, text: '  if (ready()) {\n    run();\n  }' }]));
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.sim.messages[0].type, 'markdown');
    assert.deepEqual(markdownOf(), { title: 'src/app.ts:4-6', text: '**src/app.ts** · lines 4–6\n\n```ts\nif (ready()) {\n  run();\n}\n```' });
    assert.equal(h.sim.messages[0].body.at, undefined);
    assert.deepEqual(h.ui.messages('info'), ['Sent src/app.ts:4–6 to "Plain".']);
    assert.equal(h.ui.progress[0].title, 'Sending src/app.ts:4–6 to "Plain"');
    assert.equal((result as { parts: number }).parts, 1);
  });

  it('sends several selections in document order as one message, with the React fence name', async () => {
    await h.services.robots.add(h.drafts.plain);
    const document = await saved('view.tsx', 'x', 'typescriptreact');
    await sendSelection(
      h.services,
      editor(document, [
        { startLine: 30, endLine: 31, text: '\t\treturn <b/>;\n\t}' },
        { startLine: 2, endLine: 2, text: 'const a = 1;' },
      ]),
    );
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(markdownOf(), {
      title: 'src/view.tsx:2,30-31',
      text: '**src/view.tsx** · line 2\n\n```tsx\nconst a = 1;\n```\n\n**src/view.tsx** · lines 30–31\n\n```tsx\n\treturn &lt;b/>;\n}\n```',
    });
  });

  it('splits a long selection into numbered parts, each with balanced fences', async () => {
    await h.services.robots.add(h.drafts.plain);
    const code = Array.from({ length: 900 }, (_, i) => `    console.log("line ${i}", ${'x'.repeat(40)});`).join('\n');
    const document = await saved('long.ts', code);
    await sendSelection(h.services, editor(document, [{ startLine: 1, endLine: 900, text: code }]));
    const total = h.sim.messages.length;
    assert.ok(total >= 2 && total <= 5, `parts: ${total}`);
    h.sim.messages.forEach((message, i) => {
      const { title, text } = message.body.markdown as { title: string; text: string };
      assert.equal(title, `src/long.ts:1-900 (${i + 1}/${total})`);
      const fences = text.split('\n').filter((line) => line.startsWith('```'));
      assert.deepEqual(fences, ['```ts', '```'], `part ${i + 1}`);
    });
    assert.match(markdownOf().text, /^\(1\/\d\)\n\n\*\*src\/long\.ts\*\* · lines 1–900\n\n```ts\nconsole\.log\("line 0"/);
    const received = h.sim.messages.map((m) => (m.body.markdown.text as string).split('\n').filter((l) => l.startsWith('console')).length);
    assert.equal(received.reduce((a, b) => a + b), 900);
    assert.deepEqual(h.ui.messages('info'), [`Sent src/long.ts:1–900 to "Plain" in ${total} parts.`]);
  });

  it('adds the keyword a keyword robot needs, and says so', async () => {
    await h.services.robots.add(h.drafts.keyword);
    const document = await saved('app.ts', APP_TS);
    await sendSelection(h.services, editor(document, [{ startLine: 5, endLine: 5, text: 'run();' }]));
    assert.equal(h.sim.messages.length, 1);
    assert.match(markdownOf().text, /^【DingTalk】\n\n\*\*src\/app\.ts\*\* · line 5/);
    assert.deepEqual(h.ui.messages('info'), ['Sent src/app.ts:5 to "Keyword". The robot\'s keyword "DingTalk" was added to it.']);
  });

  it('asks for @mentions when the settings say so, and the group sees them', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.settings.askForMentions = true;
    h.ui.script({ inputs: ['13800000000'] });
    await sendSelection(h.services, editor(await saved('app.ts', APP_TS), [{ startLine: 5, endLine: 5, text: 'run();' }]));
    assert.deepEqual(h.sim.messages[0].body.at.atMobiles, ['13800000000']);
    assert.match(markdownOf().text, /@13800000000$/);
  });

  it('offers a small file as a snippet when nothing is selected', async () => {
    await h.services.robots.add(h.drafts.plain);
    const document = await saved('app.ts', APP_TS);
    h.ui.script({ actions: ['Send as Snippet'] });
    await sendSelection(h.services, editor(document));
    assert.deepEqual(h.ui.shown[0], {
      kind: 'confirm',
      message: 'Nothing is selected. Send all of src/app.ts?\nIts 7 lines go as one message.',
      actions: ['Send as Snippet', 'Send as File'],
    });
    assert.equal(h.sim.messages.length, 1);
    assert.deepEqual(markdownOf(), { title: 'src/app.ts', text: `**src/app.ts**\n\n\`\`\`ts\n${APP_TS.trimEnd()}\n\`\`\`` });
  });

  it('sends nothing when the user declines the whole file', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ actions: [undefined] });
    assert.equal(await sendSelection(h.services, editor(await saved('app.ts', APP_TS))), undefined);
    assert.equal(h.sim.requests.length, 0);
  });

  it('offers a large file as a file when nothing is selected, and sends it zipped', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const code = Array.from({ length: 400 }, (_, i) => `export const v${i} = ${i};`).join('\n');
    const document = await saved('big.ts', code);
    h.ui.script({ actions: ['Send as File'] });
    const result = await sendSelection(h.services, editor(document));
    assert.equal(h.ui.shown[0].kind, 'confirm');
    assert.deepEqual(h.ui.shown[0].actions, ['Send as File', 'Send as Snippet']);
    assert.match(h.ui.shown[0].message, /^src\/big\.ts has 400 lines: a lot to read in a chat\./);
    assert.equal(h.sim.uploads.length, 1);
    assert.equal(h.sim.uploads[0].filename, 'big.ts.zip');
    assert.equal(h.sim.messages.length, 1);
    assert.equal(h.sim.messages[0].body.file.fileName, 'big.ts.zip');
    assert.ok(Array.isArray(result) && result[0].sentAs === 'zip');
  });

  it('offers an unsaved large document only in parts, since the file on disk is not what the editor shows', async () => {
    await h.services.robots.add(h.drafts.plain);
    const code = Array.from({ length: 1_000 }, () => 'x'.repeat(49)).join('\n');
    const document = { ...(await saved('big.ts', 'old')), text: code, isDirty: true };
    h.ui.script({ actions: ['Send in 3 Messages'] });
    await sendSelection(h.services, editor(document));
    assert.deepEqual(h.ui.shown[0].actions, ['Send in 3 Messages']);
    assert.match(h.ui.shown[0].message, /cannot go as a file/);
    assert.equal(h.sim.uploads.length, 0);
    assert.ok(h.sim.messages.length >= 3);
    assert.ok(h.sim.messages.every((m) => m.type === 'markdown'));
  });

  it('asks before flooding the group with a very long selection', async () => {
    await h.services.robots.add(h.drafts.plain);
    const code = Array.from({ length: 4_000 }, () => 'x'.repeat(39)).join('\n');
    const document = await saved('huge.ts', code);
    h.ui.script({ actions: [undefined] });
    await sendSelection(h.services, editor(document, [{ startLine: 1, endLine: 4_000, text: code }]));
    assert.deepEqual(h.ui.shown[0].actions, ['Send as File', 'Send in 10 Messages']);
    assert.equal(h.sim.requests.length, 0);
  });

  it('refuses empty and whitespace-only selections, and an empty file, sending nothing', async () => {
    await h.services.robots.add(h.drafts.plain);
    const document = await saved('app.ts', APP_TS);
    await sendSelection(h.services, editor(document, [{ startLine: 2, endLine: 3, text: '  \n\t' }]));
    await sendSelection(h.services, editor({ ...document, text: ' \n\n' }));
    assert.deepEqual(h.ui.messages('error'), ['The selection is empty or only whitespace: select the code to send.', 'src/app.ts is empty: nothing to send.']);
    assert.equal(h.sim.requests.length, 0);
  });

  it('tells the user to open a file when there is no editor', async () => {
    assert.equal(await sendSelection(h.services, undefined), undefined);
    assert.deepEqual(h.ui.messages('error'), ['Open a file and select the code to send to DingTalk.']);
  });

  it('refuses binary content as a snippet and offers to send the file instead', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const document = await saved('blob.dat', 'PK\u0003\u0004\u0000\u0000data', 'plaintext');
    h.ui.script({ actions: ['Send as File'] });
    await sendSelection(h.services, editor(document, [{ startLine: 1, endLine: 1, text: document.text }]));
    assert.equal(h.ui.shown[0].kind, 'error');
    assert.match(h.ui.shown[0].message, /^src\/blob\.dat contains binary data \(NUL characters\)/);
    assert.deepEqual(h.ui.shown[0].actions, ['Send as File']);
    assert.equal(h.sim.messages.filter((m) => m.type === 'markdown').length, 0);
    assert.deepEqual(h.sim.uploads.map((u) => u.filename), ['blob.dat.zip']);
  });

  it('refuses binary content of an untitled document without offering a file', async () => {
    await h.services.robots.add(h.drafts.plain);
    const document: DocumentState = { relativePath: 'Untitled-1', languageId: 'plaintext', text: 'a\u0000b', isDirty: true };
    await sendSelection(h.services, editor(document));
    assert.deepEqual(h.ui.shown[0].actions, []);
    assert.match(h.ui.shown[0].message, /Save it to a file/);
    assert.equal(h.sim.requests.length, 0);
  });

  it('keeps the snippet when sending fails, and Copy Content puts it on the clipboard', async () => {
    const robot = await h.services.robots.add(h.drafts.plain);
    h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
    h.ui.script({ actions: ['Copy Content'] });
    const result = await sendSelection(h.services, editor(await saved('app.ts', APP_TS), [{ startLine: 5, endLine: 5, text: '    run();' }]));
    const snippet = '**src/app.ts** · line 5\n\n```ts\nrun();\n```';
    assert.equal(result, undefined);
    assert.equal(h.sim.messages.length, 0);
    assert.match(h.ui.messages('error')[0], /HTTP 400/);
    assert.deepEqual(h.services.unsent.get(), { text: snippet, language: 'markdown', robotId: robot.id });
    assert.equal(h.ui.clipboard, snippet);
  });

  it('shows DingTalk\'s refusal in the user\'s language', async () => {
    const zh = await startExtensionHarness({ locale: 'zh-CN' });
    try {
      await zh.services.robots.add({ ...zh.drafts.signed, secret: `SECtest${'9'.repeat(57)}` });
      zh.ui.script({ actions: [undefined] });
      await sendSelection(zh.services, editor(await saved('app.ts', APP_TS), [{ startLine: 5, endLine: 5, text: 'run();' }]));
      assert.match(zh.ui.messages('error')[0], /签名/);
      assert.equal(zh.services.unsent.get()?.language, 'markdown');
    } finally {
      await zh.stop();
    }
  });
});
