import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';

const first = ['export function add(a: number, b: number): number {', '  return a + b;', '}', ''].join('\n');
const second = ['export function add(a: number, b: number): number {', '  return Number(a) + Number(b);', '}', ''].join('\n');
const third = ['export function add(a: number, b: number): number {', '  return Number(a) + Number(b);', '}', '', 'export const zero = 0;', ''].join('\n');

/** The commits the scenario made, newest last. */
const commits: { subject: string; hash: string }[] = [];

/**
 * The workspace as a repository of three commits, the first two pushed to a bare repository whose
 * URL is then set to GitHub's (nothing is fetched: the links only need the remote's refs).
 */
function history(workspace: string): void {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Ada Lovelace', '-c', 'user.email=ada@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
  const commit = (text: string, subject: string): void => {
    writeFileSync(join(workspace, 'src/add.ts'), text);
    git('add', '-A');
    git('commit', '-q', '-m', subject);
    commits.push({ subject, hash: git('rev-parse', 'HEAD') });
  };
  commits.length = 0;
  git('init', '-q', '-b', 'main');
  commit(first, 'Add add()');
  commit(second, 'Coerce the operands of add()');
  const bare = mkdtempSync(join(workspace, '..', 'remote-'));
  git('init', '-q', '--bare', bare);
  git('remote', 'add', 'origin', bare);
  git('push', '-q', '-u', 'origin', 'main');
  git('remote', 'set-url', 'origin', 'https://github.com/acme/adder.git');
  commit(third, 'Export zero');
}

describe('Send Commit in a real VS Code', function () {
  this.timeout(180_000);

  it('sends the commit chosen in the quick pick: its subject, hash, author, diff and its page on the remote', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'src/add.ts': first }, prepare: history, settings: { 'git.enabled': true } });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.clearNotifications();

    await workbench.runCommand('DingTalk: Send Commit…');
    const shown = await workbench.pick('Choose the commit to send', 'Coerce the operands of add()');
    assert.deepEqual(
      shown.rows.map((row) => row.label),
      ['Export zero', 'Coerce the operands of add()', 'Add add()'],
      'the current branch\'s commits, newest first',
    );
    const chosen = commits[1];
    const row = shown.rows[1];
    assert.equal(row.description, chosen.hash.slice(0, 7));
    assert.match(row.detail, /^Ada Lovelace · /);

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the commit');
    assert.equal(messages.length, 1, 'exactly one message');
    assert.equal(messages[0].type, 'markdown');
    const { title, text } = messages[0].body.markdown as { title: string; text: string };
    assert.match(title, /: Coerce the operands of add\(\)$/);
    assert.match(text, /\*\*Coerce the operands of add\(\)\*\*/, text);
    assert.match(text, new RegExp(`\`${chosen.hash.slice(0, 7)}[0-9a-f]*\` · Ada Lovelace · `), text);
    assert.match(text, new RegExp(`\\(https://github\\.com/acme/adder/commit/${chosen.hash}\\)`), `the commit's page, as it is pushed:\n${text}`);
    assert.match(text, /`src\/add\.ts` · \+1 -1/, text);
    assert.match(text, /```diff\n@@ [^\n]+ @@[^\n]*\n export function add[^\n]*\n- {2}return a \+ b;\n\+ {2}return Number\(a\) \+ Number\(b\);\n/, text);
    assert.doesNotMatch(text, /zero/, 'only the chosen commit');
    await workbench.notification(/Sent/);
  });
});
