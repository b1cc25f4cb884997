import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { execGit, type GitRunner } from '../../../src/extension/gitRunner';
import { GitWebLinks, repositoryPath } from '../../../src/extension/gitWebLinks';
import { parseRemoteUrl, webRepository } from '../../../src/extension/webRepository';
import { GitSandbox } from './gitRepos';

const SHA = 'a'.repeat(40);

describe('gitWebLinks', () => {
  describe('parseRemoteUrl', () => {
    const cases: Array<[string, ReturnType<typeof parseRemoteUrl>]> = [
      ['https://github.com/acme/widgets.git', { scheme: 'https', host: 'github.com', port: undefined, path: 'acme/widgets' }],
      ['https://github.com/acme/widgets', { scheme: 'https', host: 'github.com', port: undefined, path: 'acme/widgets' }],
      ['https://github.com/acme/widgets/', { scheme: 'https', host: 'github.com', port: undefined, path: 'acme/widgets' }],
      ['https://deploy:s3cret@GitHub.com/acme/widgets.git', { scheme: 'https', host: 'github.com', port: undefined, path: 'acme/widgets' }],
      ['http://gitlab.corp.example:8080/team/sub/widgets.git', { scheme: 'http', host: 'gitlab.corp.example', port: '8080', path: 'team/sub/widgets' }],
      ['ssh://git@gitlab.example.com:2222/team/widgets.git', { scheme: 'ssh', host: 'gitlab.example.com', port: undefined, path: 'team/widgets' }],
      ['ssh://git@github.com/acme/widgets', { scheme: 'ssh', host: 'github.com', port: undefined, path: 'acme/widgets' }],
      ['git+ssh://git@github.com/acme/widgets.git', { scheme: 'git+ssh', host: 'github.com', port: undefined, path: 'acme/widgets' }],
      ['git://gitee.com/acme/widgets.git', { scheme: 'git', host: 'gitee.com', port: undefined, path: 'acme/widgets' }],
      ['git@github.com:acme/widgets.git', { scheme: 'ssh', host: 'github.com', path: 'acme/widgets' }],
      ['git@gitee.com:acme/widgets', { scheme: 'ssh', host: 'gitee.com', path: 'acme/widgets' }],
      ['codeup.aliyun.com:5f0a1b2c3d/group/widgets.git', { scheme: 'ssh', host: 'codeup.aliyun.com', path: '5f0a1b2c3d/group/widgets' }],
      ['git@github.com:/acme/widgets.git', { scheme: 'ssh', host: 'github.com', path: 'acme/widgets' }],
    ];
    for (const [url, expected] of cases) {
      it(`reads ${url}`, () => assert.deepEqual(parseRemoteUrl(url), expected));
    }

    it('has nothing for local remotes and malformed URLs', () => {
      for (const url of ['/srv/git/widgets.git', '../widgets', 'file:///srv/git/widgets.git', 'C:\\repos\\widgets', 'C:/repos/widgets', 'https://github.com/widgets', 'git@github.com:widgets', 'https://', '']) {
        assert.equal(parseRemoteUrl(url), undefined, url);
      }
    });
  });

  describe('webRepository', () => {
    it('makes GitHub, Gitee and Codeup blob and tree URLs', () => {
      assert.equal(webRepository('git@github.com:acme/widgets.git')?.url('blob', SHA, 'docs/setup.md'), `https://github.com/acme/widgets/blob/${SHA}/docs/setup.md`);
      assert.equal(webRepository('https://www.github.com/acme/widgets')?.url('tree', SHA, 'src'), `https://github.com/acme/widgets/tree/${SHA}/src`);
      assert.equal(webRepository('ssh://git@ssh.github.com:443/acme/widgets.git')?.base, 'https://github.com/acme/widgets');
      assert.equal(webRepository('https://gitee.com/acme/widgets.git')?.url('blob', SHA, 'LICENSE'), `https://gitee.com/acme/widgets/blob/${SHA}/LICENSE`);
      assert.equal(
        webRepository('git@codeup.aliyun.com:5f0a1b2c3d/platform/widgets.git')?.url('blob', SHA, 'README.md'),
        `https://codeup.aliyun.com/5f0a1b2c3d/platform/widgets/blob/${SHA}/README.md`,
      );
    });

    it('makes GitLab URLs with /-/ for gitlab.com and self-hosted gitlab.* hosts, keeping an https port', () => {
      assert.equal(webRepository('git@gitlab.com:team/sub/widgets.git')?.url('blob', SHA, 'a.md'), `https://gitlab.com/team/sub/widgets/-/blob/${SHA}/a.md`);
      assert.equal(webRepository('ssh://git@gitlab.example.com:2222/team/widgets.git')?.url('tree', SHA, 'src'), `https://gitlab.example.com/team/widgets/-/tree/${SHA}/src`);
      assert.equal(webRepository('https://gitlab.example.com:8443/team/widgets.git')?.base, 'https://gitlab.example.com:8443/team/widgets');
    });

    it('links the root as the tree at the commit, and encodes names', () => {
      const repo = webRepository('https://github.com/acme/widgets.git');
      assert.equal(repo?.url('tree', SHA, ''), `https://github.com/acme/widgets/tree/${SHA}`);
      assert.equal(repo?.url('blob', SHA, '文档/read me.md'), `https://github.com/acme/widgets/blob/${SHA}/%E6%96%87%E6%A1%A3/read%20me.md`);
    });

    it('knows no URL form for other hosts', () => {
      assert.equal(webRepository('git@bitbucket.org:acme/widgets.git'), undefined);
      assert.equal(webRepository('https://git.example.com/acme/widgets.git'), undefined);
      assert.equal(webRepository('https://mygitlab.com/acme/widgets.git'), undefined);
    });
  });

  describe('repositoryPath', () => {
    it('resolves from the markdown file folder, or from the top for a leading slash', () => {
      assert.equal(repositoryPath('', 'docs/setup.md'), 'docs/setup.md');
      assert.equal(repositoryPath('docs/', '../LICENSE'), 'LICENSE');
      assert.equal(repositoryPath('docs/', './img/../guide.md'), 'docs/guide.md');
      assert.equal(repositoryPath('', './src/'), 'src');
      assert.equal(repositoryPath('docs/', '/src/app.ts'), 'src/app.ts');
      assert.equal(repositoryPath('docs/', '..'), '');
      assert.equal(repositoryPath('', 'read%20me.md'), 'read me.md');
    });

    it('has nothing for paths that leave the repository', () => {
      assert.equal(repositoryPath('', '../outside.md'), undefined);
      assert.equal(repositoryPath('docs/', '../../etc/passwd'), undefined);
      assert.equal(repositoryPath('', 'a\nb.md'), undefined);
    });
  });

  describe('GitWebLinks on real repositories', function () {
    this.timeout(20_000);
    let sandbox: GitSandbox;
    let links: GitWebLinks;
    beforeEach(() => {
      sandbox = new GitSandbox();
      links = new GitWebLinks(execGit(sandbox.env));
    });
    afterEach(() => sandbox.dispose());

    const FILES = {
      'README.md': '# Widgets\n',
      'LICENSE': 'MIT\n',
      'docs/README.md': '# Docs\n',
      'docs/setup.md': '# Setup\n## Install\n',
      'docs/read me.md': 'spaces\n',
      'src/app.ts': 'export {};\n',
    };

    it('links files and folders at the pushed HEAD, keeping anchors and queries', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'https://github.com/acme/widgets.git');
      const head = sandbox.head(repo);
      const found = await links.resolve(join(repo, 'docs/README.md'), ['setup.md#install', '../LICENSE', '../src/', './read%20me.md', '/src/app.ts?plain=1#L1', '..']);
      assert.deepEqual(Object.fromEntries(found), {
        'setup.md#install': `https://github.com/acme/widgets/blob/${head}/docs/setup.md#install`,
        '../LICENSE': `https://github.com/acme/widgets/blob/${head}/LICENSE`,
        '../src/': `https://github.com/acme/widgets/tree/${head}/src`,
        './read%20me.md': `https://github.com/acme/widgets/blob/${head}/docs/read%20me.md`,
        '/src/app.ts?plain=1#L1': `https://github.com/acme/widgets/blob/${head}/src/app.ts?plain=1#L1`,
        '..': `https://github.com/acme/widgets/tree/${head}`,
      });
    });

    it('makes each host form from the remote URL, https or ssh', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'https://github.com/acme/widgets.git');
      const head = sandbox.head(repo);
      const forms: Array<[string, string]> = [
        ['git@github.com:acme/widgets.git', `https://github.com/acme/widgets/blob/${head}/docs/setup.md`],
        ['https://deploy@gitlab.com/team/sub/widgets.git', `https://gitlab.com/team/sub/widgets/-/blob/${head}/docs/setup.md`],
        ['ssh://git@gitlab.example.com:2222/team/widgets.git', `https://gitlab.example.com/team/widgets/-/blob/${head}/docs/setup.md`],
        ['git@gitee.com:acme/widgets.git', `https://gitee.com/acme/widgets/blob/${head}/docs/setup.md`],
        ['https://codeup.aliyun.com/5f0a1b2c3d/platform/widgets.git', `https://codeup.aliyun.com/5f0a1b2c3d/platform/widgets/blob/${head}/docs/setup.md`],
      ];
      for (const [url, expected] of forms) {
        sandbox.git(repo, 'remote', 'set-url', 'origin', url);
        // A new instance per send: the remote is read once per repository and send.
        const found = await new GitWebLinks(execGit(sandbox.env)).resolve(join(repo, 'README.md'), ['docs/setup.md']);
        assert.equal(found.get('docs/setup.md'), expected, url);
      }
    });

    it('links an unpushed HEAD at the newest commit the remote has, and leaves files only in unpushed commits as text', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'git@github.com:acme/widgets.git');
      const pushed = sandbox.head(repo);
      sandbox.commit(repo, { 'docs/new.md': '# New\n', 'docs/setup.md': '# Setup, changed\n' });
      const found = await links.resolve(join(repo, 'README.md'), ['docs/setup.md', 'docs/new.md']);
      assert.deepEqual(Object.fromEntries(found), { 'docs/setup.md': `https://github.com/acme/widgets/blob/${pushed}/docs/setup.md` });
    });

    it('finds the pushed commit on any branch of the remote', async () => {
      const repo = sandbox.repository('widgets', FILES);
      const bare = sandbox.publish(repo, 'git@github.com:acme/widgets.git');
      sandbox.git(repo, 'checkout', '-q', '-b', 'feature');
      const feature = sandbox.commit(repo, { 'docs/feature.md': '# Feature\n' });
      // Pushed without setting an upstream: HEAD is on the remote all the same (refs/remotes/origin/feature).
      sandbox.git(repo, 'push', '-q', bare, 'feature:feature');
      sandbox.git(repo, 'update-ref', 'refs/remotes/origin/feature', feature);
      const found = await links.resolve(join(repo, 'README.md'), ['docs/feature.md']);
      assert.equal(found.get('docs/feature.md'), `https://github.com/acme/widgets/blob/${feature}/docs/feature.md`);
    });

    it('after merging remote branches locally, links at the newest of them', async () => {
      const repo = sandbox.repository('widgets', FILES);
      const bare = sandbox.publish(repo, 'git@github.com:acme/widgets.git');
      sandbox.git(repo, 'checkout', '-q', '-b', 'feature');
      const feature = sandbox.commit(repo, { 'docs/feature.md': '# Feature\n' }, 'feature', '2030-01-02T00:00:00Z');
      sandbox.git(repo, 'checkout', '-q', 'main');
      sandbox.commit(repo, { 'docs/main.md': '# Main\n' }, 'main', '2030-01-01T00:00:00Z');
      sandbox.git(repo, 'push', '-q', bare, 'main:main', 'feature:feature');
      sandbox.git(repo, 'fetch', '-q', bare, '+refs/heads/*:refs/remotes/origin/*');
      sandbox.gitWith({ GIT_COMMITTER_DATE: '2030-01-03T00:00:00Z' }, repo, 'merge', '-q', '--no-ff', '-m', 'merge', 'feature');
      const found = await links.resolve(join(repo, 'README.md'), ['docs/feature.md', 'docs/main.md']);
      assert.deepEqual(Object.fromEntries(found), { 'docs/feature.md': `https://github.com/acme/widgets/blob/${feature}/docs/feature.md` });
    });

    it('uses the current branch upstream remote before origin', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'git@gitee.com:mirror/widgets.git', 'gitee');
      sandbox.git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
      const found = await links.resolve(join(repo, 'README.md'), ['LICENSE']);
      assert.equal(found.get('LICENSE'), `https://gitee.com/mirror/widgets/blob/${sandbox.head(repo)}/LICENSE`);
    });

    it('makes no links when nothing was pushed', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.git(repo, 'remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
      assert.equal((await links.resolve(join(repo, 'README.md'), ['LICENSE'])).size, 0);
    });

    it('makes no links for a remote on an unknown host, or with no remote', async () => {
      const repo = sandbox.repository('widgets', FILES);
      assert.equal((await links.resolve(join(repo, 'README.md'), ['LICENSE'])).size, 0);
      sandbox.publish(repo, 'https://git.example.com/acme/widgets.git');
      assert.equal((await new GitWebLinks(execGit(sandbox.env)).resolve(join(repo, 'README.md'), ['LICENSE'])).size, 0);
    });

    it('leaves untracked files, missing files and paths outside the repository as text', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'https://github.com/acme/widgets.git');
      sandbox.write(repo, { 'docs/draft.md': '# Draft\n' });
      sandbox.folder('elsewhere', { 'notes.md': 'x' });
      const found = await links.resolve(join(repo, 'docs/README.md'), ['draft.md', 'gone.md', '../../elsewhere/notes.md', '#install', 'https://example.com/', 'mailto:a@example.com']);
      assert.equal(found.size, 0);
    });

    it('makes no links outside a repository, for an unsaved document, or without git', async () => {
      const plain = sandbox.folder('plain', { 'README.md': '# x', 'LICENSE': 'MIT' });
      assert.equal((await links.resolve(join(plain, 'README.md'), ['LICENSE'])).size, 0);
      assert.equal((await links.resolve(undefined, ['LICENSE'])).size, 0);
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'https://github.com/acme/widgets.git');
      const noGit = new GitWebLinks(execGit({ ...sandbox.env, PATH: join(sandbox.root, 'no-such-folder') }));
      assert.equal((await noGit.resolve(join(repo, 'README.md'), ['LICENSE'])).size, 0);
    });

    it('asks git about a repository once per send', async () => {
      const repo = sandbox.repository('widgets', FILES);
      sandbox.publish(repo, 'https://github.com/acme/widgets.git');
      const calls: string[] = [];
      const real = execGit(sandbox.env);
      const counting: GitRunner = (cwd, args, input) => {
        calls.push(args[0]);
        return real(cwd, args, input);
      };
      const once = new GitWebLinks(counting);
      await once.resolve(join(repo, 'README.md'), ['LICENSE']);
      const first = calls.length;
      await once.resolve(join(repo, 'README.md'), ['docs/setup.md']);
      await once.resolve(join(repo, 'docs/setup.md'), ['../LICENSE']);
      assert.deepEqual(calls.slice(first), ['cat-file', 'rev-parse', 'cat-file']);
      assert.equal(calls.filter((c) => c === 'remote').length, 1);
    });
  });
});
