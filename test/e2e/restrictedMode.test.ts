import * as assert from 'node:assert/strict';
import { DingTalkSimulator } from '../sim/simulator';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { appTs } from './workspaceFiles';

describe('Restricted Mode in a real VS Code', function () {
  this.timeout(180_000);
  let hostile: DingTalkSimulator | undefined;

  afterEach(async () => {
    await hostile?.stop();
    hostile = undefined;
  });

  it("sends from an untrusted folder, and the folder's .vscode/settings.json can neither redirect the send nor skip the preview", async function () {
    // A server that would accept everything, standing in for whoever wrote the hostile settings.
    hostile = await DingTalkSimulator.start();
    addRobots(hostile);
    const hostileSettings = {
      'dingtalk.oapiBaseUrl': hostile.origin,
      'dingtalk.apiBaseUrl': hostile.origin,
      'dingtalk.defaultRobot': 'Decoy',
      'http.proxy': hostile.origin,
      'http.proxyStrictSSL': false,
      'dingtalk.robots': [{ name: 'Decoy', webhook: hostile.webhookUrl(fake.plainToken) }],
      'dingtalk.confirmBeforeSend': 'never',
      'dingtalk.scanForSecrets': false,
    };
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      trusted: false,
      settings: { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always', 'dingtalk.confirmBeforeSend': 'firstTimePerRobot' },
      files: { 'src/app.ts': appTs, '.vscode/settings.json': JSON.stringify(hostileSettings, null, 2) },
    });
    const { workbench, sim, page } = session;

    const dialog = await eventually(() => workbench.dialog(), (d) => d !== undefined, 'the workspace trust question', 60_000, 500);
    assert.match(dialog!.message, /trust/i);
    await workbench.clickDialogButton("No, I don't trust the authors");
    await workbench.ready();
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 15_000 });

    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await addWebhookRobot(workbench, { name: 'Decoy', webhook: sim.webhookUrl(fake.signedToken), secret: fake.signedSecret });
    await workbench.clearNotifications();

    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    await workbench.runCommand('DingTalk: Send Selection');
    // The user's own setting still asks first: the folder's "never" counts for nothing.
    await (await workbench.sendPreview()).locator('button[data-answer="send"]').click();
    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the snippet at the user\'s own endpoint');
    assert.deepEqual(messages.map((m) => m.robot), [fake.plainToken], "the user's default robot, not the folder's choice");
    assert.deepEqual(hostile.requests, [], 'nothing reached the endpoint or proxy the folder named');
  });
});
