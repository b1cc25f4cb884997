import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { appTs } from './workspaceFiles';

describe('A failed send in a real VS Code', function () {
  this.timeout(180_000);

  it('names the signing problem, offers Edit Robot, and keeps the content for the clipboard', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'src/app.ts': appTs } });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Broken', webhook: sim.webhookUrl(fake.signedToken), secret: `SECtest${'9'.repeat(57)}` });
    await workbench.clearNotifications();

    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    await workbench.runCommand('DingTalk: Send Selection');
    const toast = await workbench.notification(/sign|加签/i);
    assert.equal(toast.severity, 'error');
    assert.match(toast.message, /signing secret is wrong/, 'names the signing problem');
    assert.match(toast.message, /edit the robot/, 'says what to do');
    for (const button of ['Retry', 'Edit Robot', 'Copy Content']) {
      assert.ok(toast.buttons.includes(button), `offers ${button}: ${toast.buttons.join(', ')}`);
    }
    assert.equal(sim.messages.length, 0, 'nothing was delivered');

    await workbench.clickNotificationButton(/sign|加签/i, 'Copy Content');
    await workbench.notification(/The content is on the clipboard/);
    const copied = await session.readClipboard();
    assert.match(copied, /const greeting = `Hello, \$\{name\}!`;/);
    assert.match(copied, /return greeting\.toUpperCase\(\);/);
  });
});
