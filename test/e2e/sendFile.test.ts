import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { appTs, deployScript, pdf } from './workspaceFiles';

const files = { 'report.pdf': pdf, 'src/app.ts': appTs, 'src/deploy.sh': deployScript };

async function start(title: string): Promise<Session> {
  const session = await Session.start(title, vsix(), { robots: addRobots, files });
  await session.workbench.ready();
  await addWebhookRobot(session.workbench, { name: 'Team', webhook: session.sim.webhookUrl(fake.signedToken), secret: fake.signedSecret, app: true });
  await session.workbench.clearNotifications();
  return session;
}

describe('Send File from the explorer in a real VS Code', function () {
  this.timeout(180_000);

  it('sends a right-clicked PDF with one upload and one file message', async function () {
    const { workbench, sim } = await start(this.test!.fullTitle());
    const row = workbench.explorerRow('report.pdf');
    await row.click();
    const items = await workbench.contextMenu(row, 'Send to DingTalk');
    assert.ok(items.includes('Send to DingTalk'), `menu: ${items.join(', ')}`);
    await workbench.chooseMenuItem('Send to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the file message');
    assert.deepEqual(
      sim.uploads.map((u) => [u.filename, u.type]),
      [['report.pdf', 'file']],
    );
    assert.equal(messages.length, 1);
    assert.equal(messages[0].type, 'file');
    assert.equal(messages[0].body.file.mediaId, sim.uploads[0].mediaId);
  });

  it('sends every file of a multi-selection, zipping the .ts and .sh files DingTalk refuses', async function () {
    const { workbench, sim, page } = await start(this.test!.fullTitle());
    await workbench.explorerRow('src').click();
    await workbench.explorerRow('app.ts').waitFor();
    await workbench.explorerRow('app.ts').click();
    await workbench.explorerRow('deploy.sh').click({ modifiers: ['Control'] });
    await workbench.explorerRow('report.pdf').click({ modifiers: ['Control'] });
    const selected = await page.locator('.explorer-folders-view .monaco-list-row.selected .label-name').allInnerTexts();
    assert.deepEqual([...selected].sort(), ['app.ts', 'deploy.sh', 'report.pdf']);
    await workbench.contextMenu(workbench.explorerRow('report.pdf'), 'Send to DingTalk');
    await workbench.chooseMenuItem('Send to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 3, 'three file messages');
    assert.deepEqual(sim.uploads.map((u) => u.filename).sort(), ['app.ts.zip', 'deploy.sh.zip', 'report.pdf']);
    assert.equal(messages.length, 3);
    assert.ok(messages.every((m) => m.type === 'file'));
  });
});
