import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execGit } from '../../../../src/extension/gitRunner';
import type { ChangeSet, FileChange } from '../../../../src/extension/scm/changeSet';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { ScmError } from '../../../../src/extension/scm/scmError';
import { GitSandbox } from '../gitRepos';

/** A PNG's signature and header bytes: git sees the NUL bytes and calls the file binary. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function file(change: ChangeSet, path: string): FileChange {
  const found = change.files.find((f) => f.path === path);
  assert.ok(found, `${path} in ${change.files.map((f) => f.path).join(', ')}`);
  return found;
}

async function rejectsWith(promise: Promise<unknown>, reason: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => error instanceof ScmError && error.reason === reason);
}

describe('scm/gitChanges', () => {
  let sandbox: GitSandbox;
  let reader: GitChanges;

  beforeEach(() => {
    sandbox = new GitSandbox();
    reader = new GitChanges(execGit(sandbox.env));
  });
  afterEach(() => sandbox.dispose());

  const lines = (count: number, label = 'line'): string => Array.from({ length: count }, (_, i) => `${label} ${i + 1}`).join('\n') + '\n';

  describe('working-tree changes', () => {
    it('reads modified, deleted, untracked and binary files against HEAD when nothing is staged', async () => {
      const dir = sandbox.repository('widgets', { 'src/app.ts': lines(10), 'old.txt': 'bye\n', 'logo.png': '' });
      writeFileSync(join(dir, 'logo.png'), PNG);
      sandbox.commit(dir, {}, 'logo');
      sandbox.write(dir, { 'src/app.ts': lines(10).replace('line 5\n', 'line five\nline 5b\n'), 'notes/新.md': '# 新\n\nhello\n' });
      rmSync(join(dir, 'old.txt'));
      writeFileSync(join(dir, 'logo.png'), Buffer.concat([PNG, Buffer.from([0, 1, 2])]));

      const change = await reader.workingChanges(dir);
      assert.equal(change.scope.kind, 'workingTree');
      assert.equal(change.repository.name, 'widgets');
      assert.equal(change.repository.branch, 'main');
      assert.equal(change.publication, undefined);
      assert.deepEqual(change.files.map((f) => [f.path, f.status]), [
        ['logo.png', 'modified'],
        ['notes/新.md', 'added'],
        ['old.txt', 'deleted'],
        ['src/app.ts', 'modified'],
      ]);
      const app = file(change, 'src/app.ts');
      assert.deepEqual([app.added, app.removed, app.binary], [2, 1, false]);
      assert.equal(app.hunks.length, 1);
      assert.equal(app.hunks[0].header, '@@ -2,7 +2,8 @@ line 1');
      assert.deepEqual(app.hunks[0].lines, [' line 2', ' line 3', ' line 4', '-line 5', '+line five', '+line 5b', ' line 6', ' line 7', ' line 8']);
      assert.deepEqual([file(change, 'logo.png').binary, file(change, 'logo.png').hunks], [true, []]);
      const untracked = file(change, 'notes/新.md');
      assert.deepEqual([untracked.untracked, untracked.added, untracked.hunks[0].lines], [true, 3, ['+# 新', '+', '+hello']]);
      assert.deepEqual([file(change, 'old.txt').removed, file(change, 'old.txt').added], [1, 0]);
    });

    it('reads only the staged changes when some are staged, renames with their old path', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': lines(20), 'b.txt': 'b\n' });
      sandbox.git(dir, 'mv', 'a.txt', 'renamed.txt');
      sandbox.write(dir, { 'b.txt': 'b changed but not staged\n' });

      const change = await reader.workingChanges(dir);
      assert.equal(change.scope.kind, 'staged');
      assert.deepEqual(change.files.map((f) => [f.status, f.oldPath, f.path, f.added, f.removed]), [['renamed', 'a.txt', 'renamed.txt', 0, 0]]);

      const all = await reader.workingChanges(dir, { which: 'all' });
      assert.equal(all.scope.kind, 'workingTree');
      assert.deepEqual(all.files.map((f) => [f.status, f.path]), [['modified', 'b.txt'], ['renamed', 'renamed.txt']]);
    });

    it('reads the chosen files only, against HEAD, staged and unstaged edits together', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c d.txt': 'c\n' });
      sandbox.write(dir, { 'a.txt': 'a staged\n', 'b.txt': 'b2\n', 'c d.txt': 'c2\n', 'new.txt': 'n\n' });
      sandbox.git(dir, 'add', 'a.txt');
      sandbox.write(dir, { 'a.txt': 'a staged then edited\n' });

      const change = await reader.workingChanges(dir, { paths: ['a.txt', 'c d.txt', 'new.txt'] });
      assert.deepEqual(change.scope, { kind: 'files', paths: ['a.txt', 'c d.txt', 'new.txt'] });
      assert.deepEqual(change.files.map((f) => f.path), ['a.txt', 'c d.txt', 'new.txt']);
      assert.deepEqual(file(change, 'a.txt').hunks[0].lines, ['-a', '+a staged then edited']);
    });

    it('sees a chosen renamed file as a rename when both of its paths are given', async () => {
      const dir = sandbox.repository('widgets', { 'old name.ts': lines(10), 'other.ts': 'o\n' });
      sandbox.git(dir, 'mv', 'old name.ts', 'new name.ts');
      sandbox.write(dir, { 'other.ts': 'o2\n' });
      const change = await reader.workingChanges(dir, { paths: ['new name.ts', 'old name.ts'] });
      assert.deepEqual(change.files.map((f) => [f.status, f.oldPath, f.path]), [['renamed', 'old name.ts', 'new name.ts']]);
    });

    it('has no files for an empty change', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      const change = await reader.workingChanges(dir);
      assert.deepEqual([change.scope.kind, change.files], ['workingTree', []]);
    });

    it('reads a repository without commits: everything is new', async () => {
      const dir = sandbox.folder('fresh', { 'a.txt': 'a\n' });
      sandbox.git(dir, 'init', '-q', '-b', 'main');
      sandbox.git(dir, 'add', 'a.txt');
      const change = await reader.workingChanges(dir);
      assert.equal(change.repository.head, undefined);
      assert.deepEqual(change.files.map((f) => [f.status, f.path]), [['added', 'a.txt']]);
    });
  });

  describe('commits', () => {
    it('reads a commit: subject (CJK too), short hash, author, date, and its files', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n', 'gone.txt': 'x\n', 'move.txt': lines(12) });
      rmSync(join(dir, 'gone.txt'));
      sandbox.git(dir, 'mv', 'move.txt', 'moved.txt');
      const hash = sandbox.commit(dir, { 'a.txt': 'a\nb\n', 'added.txt': 'new\n' }, '修复：解析器处理中文路径', '2026-01-02T03:04:05+08:00');

      const change = await reader.commit(dir, 'HEAD');
      assert.equal(change.scope.kind, 'commit');
      const { commit, mergeParent } = change.scope.kind === 'commit' ? change.scope : assert.fail();
      assert.deepEqual([commit.hash, commit.shortHash, commit.subject, commit.authorName, commit.authorDate], [hash, hash.slice(0, 7), '修复：解析器处理中文路径', 'Test', '2026-01-02 03:04 +0800']);
      assert.equal(commit.authorTime.toISOString(), '2026-01-01T19:04:05.000Z');
      assert.equal(mergeParent, undefined);
      assert.deepEqual(change.files.map((f) => [f.status, f.path, f.added, f.removed]), [
        ['modified', 'a.txt', 1, 0],
        ['added', 'added.txt', 1, 0],
        ['deleted', 'gone.txt', 0, 1],
        ['renamed', 'moved.txt', 0, 0],
      ]);
      assert.deepEqual(change.publication, { pushed: false });
    });

    it('reads the first commit against the empty tree', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      const change = await reader.commit(dir, 'main');
      assert.deepEqual(change.files.map((f) => [f.status, f.path]), [['added', 'a.txt']]);
    });

    it('reads a merge commit against its first parent', async () => {
      const dir = sandbox.repository('widgets', { 'main.txt': 'm\n', 'feature.txt': 'f\n' });
      sandbox.git(dir, 'checkout', '-q', '-b', 'feature');
      sandbox.commit(dir, { 'feature.txt': 'f\nfeature work\n' }, 'feature work');
      sandbox.git(dir, 'checkout', '-q', 'main');
      const mainTip = sandbox.commit(dir, { 'main.txt': 'm\nmain work\n' }, 'main work');
      sandbox.git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge feature', 'feature');

      const change = await reader.commit(dir, 'HEAD');
      assert.equal(change.scope.kind === 'commit' && change.scope.mergeParent, mainTip);
      assert.deepEqual(change.files.map((f) => [f.path, f.added]), [['feature.txt', 1]]);
    });

    it('says whether the commit is pushed, with its page on the remote, and that an unpushed one is local', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      const pushed = sandbox.commit(dir, { 'a.txt': 'b\n' }, 'pushed');
      sandbox.publish(dir, 'git@github.com:acme/widgets.git');
      sandbox.commit(dir, { 'a.txt': 'c\n' }, 'local');

      assert.deepEqual((await reader.commit(dir, pushed)).publication, { pushed: true, remote: 'origin', url: `https://github.com/acme/widgets/commit/${pushed}` });
      assert.deepEqual((await reader.commit(dir, 'HEAD')).publication, { pushed: false });
      sandbox.git(dir, 'remote', 'set-url', 'origin', 'https://gitlab.example.com/team/widgets.git');
      const gitlab = (await reader.commit(dir, pushed)).publication;
      assert.deepEqual(gitlab, { pushed: true, remote: 'origin', url: `https://gitlab.example.com/team/widgets/-/commit/${pushed}` });
      sandbox.git(dir, 'remote', 'set-url', 'origin', 'https://git.example.com/team/widgets.git');
      assert.deepEqual((await reader.commit(dir, pushed)).publication, { pushed: true, remote: 'origin' });
    });

    it('lists the recent commits of the current branch, newest first', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      sandbox.commit(dir, { 'a.txt': 'b\n' }, '第二个提交', '2026-02-01T10:00:00Z');
      const third = sandbox.commit(dir, { 'a.txt': 'c\n' }, 'third: with *stars*', '2026-02-02T10:00:00Z');
      const commits = await reader.recentCommits(dir);
      assert.deepEqual(commits.map((c) => c.subject), ['third: with *stars*', '第二个提交', 'initial']);
      assert.deepEqual([commits[0].hash, commits[0].shortHash, commits[0].authorName], [third, third.slice(0, 7), 'Test']);
      assert.equal(commits[0].authorTime.toISOString(), '2026-02-02T10:00:00.000Z');
      assert.equal((await reader.recentCommits(dir, 1)).length, 1);
    });

    it('refuses a ref that names nothing', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      await rejectsWith(reader.commit(dir, 'no-such-branch'), 'unknownRef');
      await rejectsWith(reader.commit(dir, '--output=/tmp/x'), 'unknownRef');
    });
  });

  describe('changes since a ref', () => {
    it('diffs the branch from its merge base, as a pull request, with the compare page once pushed', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n', 'main.txt': 'm\n' });
      const base = sandbox.head(dir);
      sandbox.git(dir, 'checkout', '-q', '-b', 'feature');
      sandbox.commit(dir, { 'a.txt': 'a\nfeature 1\n' }, 'feature 1');
      const head = sandbox.commit(dir, { 'b.txt': 'feature 2\n' }, 'feature 2');
      sandbox.git(dir, 'checkout', '-q', 'main');
      sandbox.commit(dir, { 'main.txt': 'm\nmain moved on\n' }, 'main moved');
      sandbox.git(dir, 'checkout', '-q', 'feature');

      const local = await reader.since(dir, 'main');
      assert.deepEqual(local.scope, { kind: 'range', ref: 'main', base, head, commits: 2 });
      assert.deepEqual(local.files.map((f) => [f.status, f.path]), [['modified', 'a.txt'], ['added', 'b.txt']]);
      assert.deepEqual(local.publication, { pushed: false });

      sandbox.publish(dir, 'https://gitee.com/acme/widgets.git');
      assert.deepEqual((await reader.since(dir, 'main')).publication, { pushed: true, remote: 'origin', url: `https://gitee.com/acme/widgets/compare/${base}...${head}` });
      sandbox.git(dir, 'remote', 'set-url', 'origin', 'git@codeup.aliyun.com:5f0a1b2c3d/platform/widgets.git');
      assert.deepEqual((await reader.since(dir, 'main')).publication, { pushed: true, remote: 'origin', url: `https://codeup.aliyun.com/5f0a1b2c3d/platform/widgets/commit/${head}` });
    });

    it('lists branches and tags to pick from', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      sandbox.git(dir, 'tag', 'v1.0.0');
      sandbox.git(dir, 'branch', 'topic');
      const refs = await reader.refs(dir);
      assert.deepEqual(refs.map((r) => [r.kind, r.name]).sort(), [['branch', 'main'], ['branch', 'topic'], ['tag', 'v1.0.0']]);
      assert.ok(refs.every((r) => r.subject === 'initial' && r.shortHash.length >= 7));
    });

    it('refuses a ref without a common history', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      sandbox.git(dir, 'checkout', '-q', '--orphan', 'other');
      sandbox.commit(dir, { 'b.txt': 'b\n' }, 'unrelated');
      await rejectsWith(reader.since(dir, 'main'), 'noMergeBase');
    });
  });

  describe('without a repository', () => {
    it('says a folder is not in a repository', async () => {
      const dir = sandbox.folder('plain', { 'a.txt': 'a\n' });
      await rejectsWith(reader.workingChanges(dir), 'notARepository');
      await rejectsWith(reader.recentCommits(dir), 'notARepository');
    });

    it('says git is missing', async () => {
      const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
      const noGit = new GitChanges(execGit({ ...sandbox.env, PATH: join(sandbox.root, 'no-bin') }));
      await rejectsWith(noGit.workingChanges(dir), 'gitMissing');
    });
  });
});
