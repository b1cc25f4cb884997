import { strict as assert } from 'node:assert';
import { execGit } from '../../../../src/extension/gitRunner';
import type { FileChange } from '../../../../src/extension/scm/changeSet';
import { diffImageRequest, diffLineLabels } from '../../../../src/extension/scm/diffImages';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { GitSandbox } from '../gitRepos';

const numbered = (count: number): string[] => Array.from({ length: count }, (_, i) => `line ${i + 1}`);

/**
 * Checks every label against the two versions of the file: a context line is the old version's line
 * at the old number and the new one's at the new number, a removed line the old version's, an added
 * line the new one's; hunk headers and "\ No newline" notes are unlabelled.
 */
function assertLabelsMatch(file: FileChange, oldLines: string[], newLines: string[]): ReadonlyArray<string | undefined> {
  const request = diffImageRequest(file);
  const lines = request.code.split('\n');
  const labels = request.lineLabels ?? [];
  assert.equal(labels.length, lines.length, 'a label (or none) for every line drawn');
  const width = Math.max(String(oldLines.length).length, String(newLines.length).length);
  lines.forEach((line, i) => {
    const label = labels[i];
    if (line.startsWith('@@') || line.startsWith('\\')) {
      assert.equal(label, undefined, `line ${i} (${line}) unlabelled`);
      return;
    }
    assert.ok(label !== undefined, `line ${i} (${line}) labelled`);
    assert.equal(label.length, 2 * width + 1, `"${label}": two right-aligned columns`);
    const [oldNumber, newNumber] = [label.slice(0, width).trim(), label.slice(width + 1).trim()].map((n) => (n ? Number(n) : undefined));
    const text = line.slice(1);
    if (line.startsWith('-')) {
      assert.deepEqual([oldLines[(oldNumber ?? 0) - 1], newNumber], [text, undefined], `removed line ${i}: "${label}"`);
    } else if (line.startsWith('+')) {
      assert.deepEqual([oldNumber, newLines[(newNumber ?? 0) - 1]], [undefined, text], `added line ${i}: "${label}"`);
    } else {
      assert.deepEqual([oldLines[(oldNumber ?? 0) - 1], newLines[(newNumber ?? 0) - 1]], [text, text], `context line ${i}: "${label}"`);
    }
  });
  return labels;
}

describe('scm/diffImages: the file\'s line numbers in a diff picture\'s gutter', () => {
  let sandbox: GitSandbox;
  let git: GitChanges;

  beforeEach(() => {
    sandbox = new GitSandbox();
    git = new GitChanges(execGit(sandbox.env));
  });
  afterEach(() => sandbox.dispose());

  it('numbers each line of real hunks as the old and the new version have it: context both, removed old, added new, headers none', async () => {
    const before = numbered(150);
    const after = [...before];
    after.splice(119, 0, 'inserted one', 'inserted two');
    after.splice(49, 1);
    after[4] = 'line five, changed';
    const dir = sandbox.repository('widgets', { 'src/app.txt': `${before.join('\n')}\n` });
    // No final line break: git adds a "\ No newline at end of file" note to the last hunk.
    sandbox.write(dir, { 'src/app.txt': after.join('\n') });
    const change = await git.workingChanges(dir);
    const [file] = change.files;
    assert.ok(file.hunks.length >= 3, `a hunk for each edit (${file.hunks.length})`);
    const notes = file.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.startsWith('\\')));
    assert.equal(notes.length, 1, 'the note is there');
    const labels = assertLabelsMatch(file, before, after);
    assert.equal(labels.filter((label) => label === undefined).length, file.hunks.length + 1, 'the headers and the note unlabelled');
  });

  it('keeps the numbers on their lines past a line with a carriage return inside, which the picture draws as two', async () => {
    const before = ['one', 'two\rhalf', 'three', 'four'];
    const after = ['one', 'two\rhalf', 'three', 'four, changed'];
    const dir = sandbox.repository('widgets', { 'cr.txt': `${before.join('\n')}\n` });
    sandbox.write(dir, { 'cr.txt': `${after.join('\n')}\n` });
    const [file] = (await git.workingChanges(dir)).files;
    const request = diffImageRequest(file);
    // The renderer takes any line ending, a lone CR too (SnippetInput.code): its lines are these.
    const drawn = request.code.split(/\r\n|\r|\n/);
    assert.deepEqual(
      drawn.map((line, i) => [line, request.lineLabels?.[i]]),
      [
        ['@@ -1,4 +1,4 @@', undefined],
        [' one', '1 1'],
        [' two', '2 2'],
        ['half', undefined],
        [' three', '3 3'],
        ['-four', '4  '],
        ['+four, changed', '  4'],
      ],
    );
  });

  it('a new file has its new numbers only, a deleted one its old numbers only', async () => {
    const dir = sandbox.repository('widgets', { 'gone.txt': `${numbered(12).join('\n')}\n` });
    sandbox.write(dir, { 'new.txt': `${numbered(3).join('\n')}\n` });
    sandbox.git(dir, 'rm', '-q', 'gone.txt');
    sandbox.git(dir, 'add', 'new.txt');
    const change = await git.workingChanges(dir);
    const added = change.files.find((f) => f.path === 'new.txt') as FileChange;
    const deleted = change.files.find((f) => f.path === 'gone.txt') as FileChange;
    assert.deepEqual(assertLabelsMatch(added, [], numbered(3)), [undefined, '  1', '  2', '  3']);
    assertLabelsMatch(deleted, numbered(12), []);
    assert.deepEqual(diffLineLabels(deleted.hunks).slice(0, 3), [undefined, ' 1   ', ' 2   ']);
  });
});
