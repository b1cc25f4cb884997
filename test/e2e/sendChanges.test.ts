import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { pixelsOf } from '../support/pixels';

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

// The README's picture: a small, made-up change in a made-up repository, as a colleague would share it.
const discountBefore = [
  'export interface Line {',
  '  price: number;',
  '  quantity: number;',
  '}',
  '',
  '/** The total of `lines` in cents, less `percent` percent. */',
  'export function discountedTotal(lines: Line[], percent: number): number {',
  '  const total = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);',
  '  return total - (total * percent) / 100;',
  '}',
  '',
].join('\n');
const discountAfter = discountBefore.replace(
  '  return total - (total * percent) / 100;',
  ['  // Whole cents: the payment service refuses 149.85.', '  const discount = Math.round((total * percent) / 100);', '  return total - discount;'].join('\n'),
);

/** A repository named by its (never contacted) remote, on a topic branch, with `src/cart/discount.ts` modified. */
function orderServiceRepository(workspace: string): void {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Mei Chen', '-c', 'user.email=mei@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: workspace, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://git.example.invalid/shop/order-service.git');
  git('add', '-A');
  git('commit', '-q', '-m', 'Cart discounts');
  git('checkout', '-q', '-b', 'fix/discount-rounding');
  writeFileSync(join(workspace, 'src/cart/discount.ts'), discountAfter);
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
    await workbench.chooseMenuItem('Send Changes to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the change');
    assert.equal(messages.length, 1, 'exactly one message');
    assert.equal(messages[0].type, 'markdown');
    const text: string = messages[0].body.markdown.text;
    assert.match(text, /`src\/add\.ts` · \+1 -1/, text);
    assert.match(text, /1 file changed, \+1 -1/, text);
    assert.match(text, /\n- {2}return a \+ b;\n\+ {2}return b \+ a;\n/, text);
    await workbench.notification(/Sent/);
  });

  it('shows the change in the send preview as the group will see it, and sends that on Send', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'src/cart/discount.ts': discountBefore },
      prepare: orderServiceRepository,
      settings: { 'git.enabled': true, 'dingtalk.confirmBeforeSend': 'always' },
    });
    const { workbench, sim, page } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Checkout team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.clearNotifications();

    // Small enough for the README, large enough for the whole preview.
    await page.setViewportSize({ width: 1100, height: 600 });
    await workbench.runCommand('Source Control: Focus on Changes View');
    const row = page.locator('.scm-view .monaco-list-row', { hasText: 'discount.ts' }).first();
    await row.waitFor({ timeout: 30_000 });
    await workbench.contextMenu(row, 'Send Changes to DingTalk');
    await session.illustrate('send-changes-menu.png', [page.locator('.part.sidebar .composite.title'), page.locator('.monaco-menu').first()], 0);
    await workbench.chooseMenuItem('Send Changes to DingTalk');

    const preview = await workbench.sendPreview();
    const shown = (await preview.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /Checkout team · Code changes · No @mentions/);
    assert.match(shown, /order-service · fix\/discount-rounding/);
    assert.match(shown, /src\/cart\/discount\.ts · \+3 -1/);
    assert.match(shown, /- return total - \(total \* percent\) \/ 100;/);
    assert.match(shown, /\+ const discount = Math\.round/);
    assert.equal(sim.messages.length, 0, 'nothing is sent before the answer');
    await session.illustrate('send-changes.png', page.locator('.part.editor'), 0);

    await preview.locator('button[data-answer="send"]').click();
    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the change');
    assert.equal(messages.length, 1);
    const text: string = messages[0].body.markdown.text;
    assert.match(text, /\*\*order-service\*\* · `fix\/discount-rounding`/, text);
    assert.match(text, /`src\/cart\/discount\.ts` · \+3 -1/, text);
    assert.match(text, /\n- {2}return total - \(total \* percent\) \/ 100;\n\+ {2}\/\/ Whole cents/, text);
    await workbench.notification(/Sent/);
  });

  it('with snippetFormat image, sends the summary and the diff drawn in the theme, its added and removed lines in the diff colors', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'src/add.ts': before },
      prepare: modifiedRepository,
      settings: { 'git.enabled': true, 'dingtalk.snippetFormat': 'image', 'workbench.colorTheme': 'Default Dark+' },
    });
    const { workbench, sim, page } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken), app: true });
    await workbench.clearNotifications();

    await workbench.runCommand('Source Control: Focus on Changes View');
    const row = page.locator('.scm-view .monaco-list-row', { hasText: 'add.ts' }).first();
    await row.waitFor({ timeout: 30_000 });
    await workbench.contextMenu(row, 'Send Changes to DingTalk');
    await workbench.chooseMenuItem('Send Changes to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 2, 'the summary and the picture', 40_000);
    assert.equal(messages.length, 2);
    assert.match(messages[0].body.markdown.text, /`src\/add\.ts` · \+1 -1[\s\S]*The diff of each file follows as an image\.$/);
    assert.equal(sim.uploads.length, 1);
    const [upload] = sim.uploads;
    assert.deepEqual([upload.type, upload.filename], ['image', 'add.ts.diff.png']);
    assert.equal(messages[1].body.markdown.text, `#### src/add.ts +1 -1\n\n![src/add.ts +1 -1](${upload.mediaId})`);
    // Dark+'s markup.inserted and markup.deleted colors, which VS Code's diff grammar gives the + and - lines.
    assert.ok(upload.bytes);
    assert.ok(pixelsOf(upload.bytes, [0xb5, 0xce, 0xa8]) > 20, 'the added line in the inserted color');
    assert.ok(pixelsOf(upload.bytes, [0xce, 0x91, 0x78]) > 20, 'the removed line in the deleted color');
    await workbench.notification(/Sent/);
  });
});
