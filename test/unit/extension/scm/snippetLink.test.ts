import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { execGit } from '../../../../src/extension/gitRunner';
import { snippetLink } from '../../../../src/extension/scm/snippetLink';
import { GitSandbox } from '../gitRepos';

const APP = Array.from({ length: 12 }, (_, i) => `const line${i + 1} = ${i + 1};`).join('\n') + '\n';
const lines = (from: number, to: number): string => APP.split('\n').slice(from - 1, to).join('\n');

describe('scm/snippetLink', () => {
  let sandbox: GitSandbox;

  beforeEach(() => (sandbox = new GitSandbox()));
  afterEach(() => sandbox.dispose());

  const link = (file: string, start: number, end: number, text: string) => snippetLink(file, start, end, text, execGit(sandbox.env));

  it('links the lines at the pushed commit, in each host form', async () => {
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    const head = sandbox.head(dir);
    sandbox.publish(dir, 'git@github.com:acme/widgets.git');
    assert.deepEqual(await link(join(dir, 'src/app.ts'), 3, 9, lines(3, 9)), {
      url: `https://github.com/acme/widgets/blob/${head}/src/app.ts#L3-L9`,
      commit: head,
      shortCommit: head.slice(0, 7),
      startLine: 3,
      endLine: 9,
      differs: false,
    });
    sandbox.git(dir, 'remote', 'set-url', 'origin', 'https://gitlab.com/team/widgets.git');
    assert.equal((await link(join(dir, 'src/app.ts'), 3, 9, lines(3, 9)))?.url, `https://gitlab.com/team/widgets/-/blob/${head}/src/app.ts#L3-9`);
    sandbox.git(dir, 'remote', 'set-url', 'origin', 'git@gitee.com:acme/widgets.git');
    assert.equal((await link(join(dir, 'src/app.ts'), 5, 5, lines(5, 5)))?.url, `https://gitee.com/acme/widgets/blob/${head}/src/app.ts#L5`);
  });

  it('links the newest pushed commit, says "as of" it when the lines differ, and follows lines that only moved', async () => {
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    const pushed = sandbox.head(dir);
    sandbox.publish(dir, 'https://github.com/acme/widgets.git');
    // Unpushed: two lines inserted at the top, and line 10 changed.
    sandbox.commit(dir, { 'src/app.ts': `// header\n// more\n${APP.replace('line10 = 10', 'line10 = 100')}` }, 'local edits');
    const file = join(dir, 'src/app.ts');

    const moved = await link(file, 5, 7, lines(3, 5));
    assert.deepEqual([moved?.commit, moved?.startLine, moved?.endLine, moved?.differs], [pushed, 3, 5, false]);
    const edited = await link(file, 12, 12, 'const line10 = 100;');
    assert.deepEqual([edited?.url, edited?.differs, edited?.shortCommit], [`https://github.com/acme/widgets/blob/${pushed}/src/app.ts#L12`, true, pushed.slice(0, 7)]);
    // Unsaved edits in the editor: the text handed in is what counts.
    const unsaved = await link(file, 5, 5, 'const line3 = 33;');
    assert.equal(unsaved?.differs, true);
  });

  it('has no link for an untracked file, a repository without a remote or with an unknown host, or a folder outside git', async () => {
    const dir = sandbox.repository('widgets', { 'src/app.ts': APP });
    assert.equal(await link(join(dir, 'src/app.ts'), 1, 2, lines(1, 2)), undefined);
    sandbox.publish(dir, 'https://git.example.com/acme/widgets.git');
    assert.equal(await link(join(dir, 'src/app.ts'), 1, 2, lines(1, 2)), undefined);
    sandbox.git(dir, 'remote', 'set-url', 'origin', 'https://github.com/acme/widgets.git');
    sandbox.write(dir, { 'src/new.ts': 'export {};\n' });
    assert.equal(await link(join(dir, 'src/new.ts'), 1, 1, 'export {};'), undefined);
    const plain = sandbox.folder('plain', { 'a.ts': 'x\n' });
    assert.equal(await link(join(plain, 'a.ts'), 1, 1, 'x'), undefined);
  });
});
