import { strict as assert } from 'node:assert';
import { execGit } from '../../../../src/extension/gitRunner';
import { buildChangeMessage } from '../../../../src/extension/scm/changeMessage';
import { redactChange, scanChange } from '../../../../src/extension/scm/changeSecrets';
import { GitChanges } from '../../../../src/extension/scm/gitChanges';
import { english } from '../../../support/extensionHarness';
import { fake } from '../secretScan/fakes';
import { GitSandbox } from '../gitRepos';

const OLD_TOKEN = `ghp_${fake('alnum', 36, 'old')}`;
const NEW_TOKEN = `ghp_${fake('alnum', 36, 'new')}`;
const MOVED_TOKEN = `ghp_${fake('alnum', 36, 'moved')}`;

describe('scm/changeSecrets', () => {
  let sandbox: GitSandbox;
  let reader: GitChanges;

  beforeEach(() => {
    sandbox = new GitSandbox();
    reader = new GitChanges(execGit(sandbox.env));
  });
  afterEach(() => sandbox.dispose());

  const config = (lines: string[]): string => `${lines.join('\n')}\n`;

  it('finds a secret on an added line, not one that was removed and is gone', async () => {
    const dir = sandbox.repository('widgets', { 'src/client.ts': config(['import { Octokit } from "@octokit/rest";', `const auth = '${OLD_TOKEN}';`, 'export const client = new Octokit({ auth });']) });
    sandbox.write(dir, { 'src/client.ts': config(['import { Octokit } from "@octokit/rest";', `const auth = '${NEW_TOKEN}';`, 'export const client = new Octokit({ auth });']) });
    const change = await reader.workingChanges(dir);
    const secrets = await scanChange(change, (path) => reader.newVersion(change, path));
    assert.deepEqual(
      secrets.map((s) => [s.path, s.where, s.finding.ruleId, s.finding.line]),
      [['src/client.ts', 'added', 'github-token', 2]],
    );
    assert.equal(secrets[0].finding.excerpt, "const auth = 'ghp_••••';");
  });

  it('says a removed secret is still in the new version, and where; redacts every copy the message shows', async () => {
    const before = config(['# settings', `token = "${MOVED_TOKEN}"`, 'retries = 3', '', '', '', '', '', '', '', 'timeout = 10']);
    const after = config(['# settings', 'retries = 3', '', '', '', '', '', '', '', 'timeout = 10', `token = "${MOVED_TOKEN}"`]);
    const dir = sandbox.repository('widgets', { 'config.toml': before });
    const hash = sandbox.commit(dir, { 'config.toml': after }, 'move the token down');
    const change = await reader.commit(dir, hash);
    const secrets = await scanChange(change, (path) => reader.newVersion(change, path));
    assert.deepEqual(
      secrets.map((s) => [s.where, s.finding.line, s.stillAt]).sort(),
      [['added', 11, undefined], ['removed', 2, 11]],
    );
    const text = buildChangeMessage(redactChange(change, secrets), english).parts.map((part) => part.text).join('\n');
    assert.ok(!text.includes(MOVED_TOKEN));
    assert.ok(text.includes('-token = "[REDACTED:github-token]"') && text.includes('+token = "[REDACTED:github-token]"'));
  });

  it('finds a secret on an unchanged line shown around a change: it is in the new version and in the message', async () => {
    const dir = sandbox.repository('widgets', { '.env': config(['APP=demo', `GITHUB_TOKEN=${OLD_TOKEN}`, 'DEBUG=false']) });
    sandbox.write(dir, { '.env': config(['APP=demo', `GITHUB_TOKEN=${OLD_TOKEN}`, 'DEBUG=true']) });
    const change = await reader.workingChanges(dir);
    const secrets = await scanChange(change, (path) => reader.newVersion(change, path));
    assert.deepEqual(secrets.map((s) => [s.where, s.finding.line]), [['context', 2]]);
  });

  it('does not scan files the message only names (an added file)', async () => {
    const dir = sandbox.repository('widgets', { 'a.txt': 'a\n' });
    sandbox.write(dir, { 'new.ts': `const auth = '${NEW_TOKEN}';\n` });
    const change = await reader.workingChanges(dir);
    assert.deepEqual(await scanChange(change, (path) => reader.newVersion(change, path)), []);
    assert.ok(!buildChangeMessage(change, english).parts[0].text.includes(NEW_TOKEN));
  });

  it('redacts every line of a private key block', async () => {
    const body = Array.from({ length: 6 }, (_, i) => fake('b64', 64, `key${i}`));
    const key = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----'];
    const dir = sandbox.repository('widgets', { 'deploy/key.pem.txt': 'placeholder\n' });
    sandbox.write(dir, { 'deploy/key.pem.txt': `${key.join('\n')}\n` });
    const change = await reader.workingChanges(dir);
    const secrets = await scanChange(change, (path) => reader.newVersion(change, path));
    assert.deepEqual(secrets.map((s) => [s.finding.ruleId, s.where, s.spans.length]), [['private-key', 'added', key.length]]);
    const text = buildChangeMessage(redactChange(change, secrets), english).parts[0].text;
    for (const line of body) {
      assert.ok(!text.includes(line));
    }
  });
});
