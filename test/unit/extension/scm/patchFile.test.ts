import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execGit } from '../../../../src/extension/gitRunner';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { patchFile, patchName } from '../../../../src/extension/scm/patchFile';
import { GitSandbox } from '../gitRepos';

describe('scm/patchFile', () => {
  let sandbox: GitSandbox;

  beforeEach(() => (sandbox = new GitSandbox()));
  afterEach(() => sandbox.dispose());

  it('makes a patch git apply takes, for CJK paths, quotes and tabs in names, a file without a final newline, and an untracked file', async () => {
    const odd = 'say "hi"\tnow.txt';
    const dir = sandbox.repository('文档', { 'docs/说明.md': '第一行\n第二行\n', [odd]: 'one\ntwo' });
    const base = sandbox.head(dir);
    sandbox.write(dir, { 'docs/说明.md': '第一行\n第二行（改）\n', [odd]: 'one\nthree', 'new/untracked.txt': 'fresh\n' });
    const change = await new GitChanges(execGit(sandbox.env)).workingChanges(dir, { which: 'all' });
    const patch = patchFile(change, ['文档: 3 changed files'], (paths) => `left: ${paths.join(', ')}`);
    assert.equal(patch.name, '文档-changes.patch');
    assert.deepEqual(patch.left, []);
    assert.match(patch.text, /^# 文档: 3 changed files\n\ndiff --git /);
    assert.match(patch.text, /\ndiff --git "a\/say \\"hi\\"\\tnow\.txt" "b\/say \\"hi\\"\\tnow\.txt"\n/);

    const theirs = sandbox.folder('theirs');
    sandbox.git(sandbox.root, 'clone', '-q', dir, theirs);
    sandbox.git(theirs, 'checkout', '-q', base);
    writeFileSync(join(sandbox.root, 'p.patch'), patch.text);
    sandbox.git(theirs, 'apply', join(sandbox.root, 'p.patch'));
    assert.equal(sandbox.git(theirs, 'diff', '--stat', '--no-color'), sandbox.git(dir, 'diff', '--stat', '--no-color'));
    assert.equal(sandbox.git(theirs, 'status', '--porcelain', '--untracked-files=all', '--', 'new'), '?? new/untracked.txt');
  });

  it('names the patch after the repository and what it holds: a commit\'s short hash, the ref of a range, staged or working changes', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    const commit = sandbox.commit(dir, { 'a.txt': 'b\n' }, 'Change a');
    sandbox.git(dir, 'tag', 'v1.2/rc1', 'HEAD~1');
    const git = new GitChanges(execGit(sandbox.env));
    assert.equal(patchName(await git.commit(dir, commit)), `widgets-${commit.slice(0, 7)}.patch`);
    assert.equal(patchName(await git.since(dir, 'v1.2/rc1')), 'widgets-since-v1.2-rc1.patch');
    sandbox.write(dir, { 'a.txt': 'c\n' });
    assert.equal(patchName(await git.workingChanges(dir)), 'widgets-changes.patch');
    sandbox.git(dir, 'add', 'a.txt');
    assert.equal(patchName(await git.workingChanges(dir)), 'widgets-staged.patch');
  });
});
