import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { appTs } from './workspaceFiles';

describe('The status bar in a real VS Code', function () {
  this.timeout(180_000);

  it('shows the default robot, switches it, and sends go to the new default', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'src/app.ts': appTs } });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await addWebhookRobot(workbench, { name: 'Release', webhook: sim.webhookUrl(fake.signedToken), secret: fake.signedSecret });
    await workbench.clearNotifications();

    const item = workbench.statusBarItem();
    await item.waitFor({ state: 'visible' });
    assert.match(await item.innerText(), /Team/, 'the first robot added is the default');
    assert.ok(await item.evaluate((el) => !!el.closest('.right-items')), 'on the right');

    await item.click();
    const pick = await workbench.waitQuickPick('Which robot should sends go to by default?');
    assert.deepEqual(pick.rows.map((row) => row.label).filter((label) => ['Team', 'Release'].includes(label)).sort(), ['Release', 'Team']);
    assert.ok(pick.rows.some((row) => /Ask Every Time/.test(row.label)));
    await workbench.pick('Which robot should sends go to by default?', 'Release');
    await workbench.notification(/"Release" is now the default robot/);
    await eventually(() => item.innerText(), (text) => /Release/.test(text), 'the status bar to show Release', 20_000, 0);

    await workbench.openFile('src/app.ts');
    await workbench.selectLines(1, 1);
    await workbench.runCommand('DingTalk: Send Selection');
    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the snippet');
    assert.deepEqual(messages.map((m) => m.robot), [fake.signedToken]);
  });
});
