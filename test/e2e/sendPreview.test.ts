import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { appTs } from './workspaceFiles';

describe('The send preview in a real VS Code', function () {
  this.timeout(180_000);

  it('shows the first send to a robot in a DingTalk-style preview, sends on Send, and does not ask again for that robot', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      settings: { 'dingtalk.confirmBeforeSend': 'firstTimePerRobot' },
      files: { 'src/app.ts': appTs },
    });
    const { workbench, sim, page } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.clearNotifications();

    // A smaller window, so the README's picture shows the code and the preview side by side.
    await page.setViewportSize({ width: 1180, height: 520 });
    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    await workbench.runCommand('DingTalk: Send Selection');
    const preview = await workbench.sendPreview();
    const shown = (await preview.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /Team/);
    assert.match(shown, /src\/app\.ts/);
    assert.match(shown, /2–3/);
    assert.match(shown, /const greeting/);
    assert.match(shown, /1 part/);
    assert.equal(sim.messages.length, 0, 'nothing is sent before the answer');
    await session.illustrate('send-preview.png', page.locator('.part.editor'), 0);
    await preview.locator('button[data-answer="send"]').click();
    await eventually(() => sim.messages, (m) => m.length >= 1, 'the snippet');

    await workbench.openFile('src/app.ts');
    await workbench.selectLines(6, 7);
    await workbench.runCommand('DingTalk: Send Selection');
    await eventually(() => sim.messages, (m) => m.length >= 2, 'the second snippet, without a preview');
    assert.equal(await workbench.hasSendPreview(), false);
  });

  it('sends nothing when the preview is cancelled, and the selection is still there to send', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      settings: { 'dingtalk.confirmBeforeSend': 'always' },
      files: { 'src/app.ts': appTs },
    });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    await workbench.runCommand('DingTalk: Send Selection');
    await (await workbench.sendPreview()).locator('button[data-answer="cancel"]').click();
    await eventually(() => workbench.hasSendPreview(), (open) => !open, 'the preview to close', 20_000, 1000);
    assert.equal(sim.messages.length, 0);
  });
});
