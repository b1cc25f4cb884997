import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonByteLength, MAX_WEBHOOK_BODY_BYTES, planMarkdown } from '../../../../src/core';
import { execGit } from '../../../../src/extension/gitRunner';
import { ASK_ABOVE_PARTS, asksBeforeSending, buildChangeMessage } from '../../../../src/extension/scm/changeMessage';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { english } from '../../../support/extensionHarness';
import { GitSandbox } from '../gitRepos';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('scm/changeMessage', () => {
  let sandbox: GitSandbox;
  let reader: GitChanges;

  beforeEach(() => {
    sandbox = new GitSandbox();
    reader = new GitChanges(execGit(sandbox.env));
  });
  afterEach(() => sandbox.dispose());

  it('shows a commit: header, file list with counts, diffs of modified files; added, deleted, renamed and binary files named only', async () => {
    const dir = sandbox.repository('widgets', { 'src/parse.ts': 'export const a = 1;\nexport const b = 2;\n', 'old.md': 'old\n', 'keep.txt': 'k\n'.repeat(8) });
    rmSync(join(dir, 'old.md'));
    sandbox.git(dir, 'mv', 'keep.txt', 'kept.txt');
    writeFileSync(join(dir, 'logo.png'), PNG);
    const hash = sandbox.commit(dir, { 'src/parse.ts': 'export const a = 1;\nexport const b = 3;\n', 'NEW.md': 'brand new\n' }, '修复 `parse` 的 *边界*', '2026-03-04T05:06:07+08:00');
    sandbox.publish(dir, 'git@github.com:acme/widgets.git');

    const message = buildChangeMessage(await reader.commit(dir, 'HEAD'), english);
    assert.equal(message.parts.length, 1);
    assert.equal(message.title, 'widgets: 修复 `parse` 的 *边界*');
    const [part] = message.parts;
    assert.equal(part.title, message.title);
    const short = hash.slice(0, 7);
    assert.equal(
      part.text,
      [
        '**widgets** · `main`  ',
        '**修复 \\`parse\\` 的 \\*边界\\***  ',
        `\`${short}\` · Test · 2026-03-04 05:06 +0800  `,
        `[View the commit on the web](https://github.com/acme/widgets/commit/${hash})`,
        '',
        '5 files changed, +2 -2',
        '',
        '- `NEW.md` · added · +1 -0',
        '- `keep.txt` → `kept.txt` · renamed · +0 -0',
        '- `logo.png` · added · binary',
        '- `old.md` · deleted · +0 -1',
        '- `src/parse.ts` · +1 -1',
        '',
        '**src/parse.ts** +1 -1',
        '',
        '```diff',
        '@@ -1,2 +1,2 @@',
        ' export const a = 1;',
        '-export const b = 2;',
        '+export const b = 3;',
        '```',
      ].join('\n'),
    );
    assert.ok(!message.summary.text.includes('```'));
    assert.ok(message.summary.text.includes('- `src/parse.ts` · +1 -1'));
  });

  it('says a commit or a branch is local when it is not pushed, and which changes of the working tree it shows', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    sandbox.commit(dir, { 'a.txt': 'b\n' }, 'local work');
    assert.ok(buildChangeMessage(await reader.commit(dir, 'HEAD'), english).parts[0].text.includes('Local: the commit is not pushed.'));
    sandbox.git(dir, 'checkout', '-q', '-b', 'topic');
    sandbox.commit(dir, { 'a.txt': 'c\n' }, 'topic work');
    const range = buildChangeMessage(await reader.since(dir, 'main'), english);
    assert.equal(range.title, 'widgets: changes since main');
    assert.match(range.parts[0].text, /Changes since `main` \(merge base `[0-9a-f]{7}`\): 1 commit {2}\nLocal: the branch is not pushed\./);

    sandbox.write(dir, { 'a.txt': 'staged\n' });
    sandbox.git(dir, 'add', 'a.txt');
    assert.ok(buildChangeMessage(await reader.workingChanges(dir), english).parts[0].text.startsWith('**widgets** · `topic`  \nStaged changes, not committed\n\n1 file changed, +1 -1'));
  });

  it('says a merge commit shows its changes against the first parent', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    sandbox.git(dir, 'checkout', '-q', '-b', 'feature');
    sandbox.commit(dir, { 'a.txt': 'a2\n' }, 'feature');
    sandbox.git(dir, 'checkout', '-q', 'main');
    const first = sandbox.commit(dir, { 'b.txt': 'b2\n' }, 'main');
    sandbox.git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge branch feature', 'feature');
    const text = buildChangeMessage(await reader.commit(dir, 'HEAD'), english).parts[0].text;
    assert.ok(text.includes(`Merge commit: its changes against the first parent \`${first.slice(0, 7)}\``));
    assert.ok(text.includes('**a.txt** +1 -1') && !text.includes('b.txt'));
  });

  it('says there is nothing for an empty change', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    const message = buildChangeMessage(await reader.workingChanges(dir), english);
    assert.deepEqual(message.parts, [{ title: 'widgets: 0 changed files', text: '**widgets** · `main`  \nUncommitted changes\n\nNo changes.' }]);
  });

  it('splits a huge change between files into numbered parts that each fit, and asks above the limit', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i += 1) {
      files[`src/module${String(i).padStart(2, '0')}.ts`] = Array.from({ length: 120 }, (_, l) => `export const value${l} = ${l}; // 模块 ${i}`).join('\n') + '\n';
    }
    const dir = sandbox.repository('widgets', files);
    const changed = Object.fromEntries(Object.entries(files).map(([path, text]) => [path, text.replace(/= (\d+);/g, '= $1 + 1;')]));
    sandbox.write(dir, changed);

    const change = await reader.workingChanges(dir);
    const message = buildChangeMessage(change, english, { maxPartBytes: 12_000 });
    assert.ok(message.parts.length > ASK_ABOVE_PARTS, `${message.parts.length} parts`);
    assert.ok(asksBeforeSending(message));
    message.parts.forEach((part, i) => {
      assert.ok(jsonByteLength(part.text) <= 12_000, `part ${i + 1}: ${jsonByteLength(part.text)} bytes`);
      assert.equal(part.title, `widgets: 40 changed files (${i + 1}/${message.parts.length})`);
      // Each part is one DingTalk message as it is.
      assert.equal(planMarkdown({ kind: 'webhook' }, part.title, part.text).messages.length, 1);
      assert.equal((part.text.match(/^```/gm) ?? []).length % 2, 0, 'fences balanced');
      if (i > 0) {
        assert.ok(part.text.startsWith(`**widgets** · widgets: 40 changed files (${i + 1}/${message.parts.length})\n\n**src/module`));
      }
    });
    // Every added line arrives once, in order.
    const added = message.parts.flatMap((part) => part.text.split('\n').filter((line) => line.startsWith('+')));
    assert.equal(added.length, 40 * 120);
    assert.ok(message.summary.text.includes(`The diff is not included: it takes ${message.parts.length} messages.`));
    assert.ok(jsonByteLength(message.summary.text) < MAX_WEBHOOK_BODY_BYTES);
  });

  it('cuts a file too long for one message between hunks, and a hunk too long between lines, saying it continues', async () => {
    const long = Array.from({ length: 3000 }, (_, l) => `line ${l}`).join('\n') + '\n';
    const dir = sandbox.repository('widgets', { 'big.txt': long });
    sandbox.write(dir, { 'big.txt': long.replace(/line (\d+)/g, 'LINE $1') });
    const message = buildChangeMessage(await reader.workingChanges(dir), english, { maxPartBytes: 8_000 });
    assert.ok(message.parts.length > 1);
    assert.ok(message.parts[1].text.includes('**big.txt** +3000 -3000\n\n```diff\n@@ -1,3000 +1,3000 @@\n-line 0\n'));
    assert.ok(message.parts[2].text.includes('**big.txt** (continued)\n\n```diff\n@@ … @@\n'));
    const removed = message.parts.flatMap((part) => part.text.split('\n').filter((line) => /^-line \d+$/.test(line)));
    assert.equal(removed.length, 3000);
    for (const part of message.parts) {
      assert.ok(jsonByteLength(part.text) <= 8_000);
    }
  });

  it('fences a diff holding backticks with a longer fence', async () => {
    const dir = sandbox.repository('widgets', { 'README.md': '# Title\n\n```js\nold()\n```\n' });
    sandbox.write(dir, { 'README.md': '# Title\n\n```js\nnew()\n```\n' });
    const text = buildChangeMessage(await reader.workingChanges(dir), english).parts[0].text;
    assert.ok(text.includes('````diff\n@@ -1,5 +1,5 @@'));
    assert.ok(text.endsWith('\n````'));
  });
});
