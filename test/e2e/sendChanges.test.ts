import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';

const before = ['export function add(a: number, b: number): number {', '  return a + b;', '}', ''].join('\n');
const after = ['export function add(a: number, b: number): number {', '  return b + a;', '}', ''].join('\n');

/** The workspace as a git repository with one commit, then `src/add.ts` modified. */
function modifiedRepository(workspace: string): void {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'Add add()');
  writeFileSync(join(workspace, 'src/add.ts'), after);
}

describe('Send Changes in a real VS Code', function () {
  this.timeout(180_000);

  it('sends a modified file from the Source Control view as one markdown message with its name, +/- lines and counts', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'src/add.ts': before }, prepare: modifiedRepository, settings: { 'git.enabled': true } });
    const { workbench, sim, page } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.clearNotifications();

    await workbench.runCommand('Source Control: Focus on Changes View');
    const row = page.locator('.scm-view .monaco-list-row', { hasText: 'add.ts' }).first();
    await row.waitFor({ timeout: 30_000 });
    const items = await workbench.contextMenu(row, 'Send Changes to DingTalk');
    assert.ok(items.includes('Send Changes to DingTalk'), `menu: ${items.join(', ')}`);
    await workbench.menuItem('Send Changes to DingTalk').click();

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the change');
    assert.equal(messages.length, 1, 'exactly one message');
    assert.equal(messages[0].type, 'markdown');
    const text: string = messages[0].body.markdown.text;
    assert.match(text, /`src\/add\.ts` · \+1 -1/, text);
    assert.match(text, /1 file changed, \+1 -1/, text);
    assert.match(text, /\n- {2}return a \+ b;\n\+ {2}return b \+ a;\n/, text);
    await workbench.notification(/Sent/);
  });
});
