import * as assert from 'node:assert/strict';
import { setTimeout } from 'node:timers/promises';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { filesContaining, Session } from './support/session';
import { eventually } from './support/wait';

describe('Add Robot in a real VS Code', function () {
  this.timeout(180_000);

  it('adds a signed, keyword-guarded robot through the prompts, sends its test message, and leaves no token or secret in any profile file', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'README.md': '# Project\n' } });
    const { workbench, sim } = session;
    await workbench.ready();

    await addWebhookRobot(workbench, {
      name: 'Ops Alerts',
      webhook: sim.webhookUrl(fake.guardedToken),
      secret: fake.guardedSecret,
      keywords: fake.keyword,
      whileWebhookTyped: async () => {
        await session.illustrate('add-robot.png', session.page.locator('.quick-input-widget'), 4);
        // Chromium writes a page's form state to its session file a few seconds after typing: a
        // visible input box would leave the token there.
        await setTimeout(6000);
      },
    });
    await workbench.clickNotificationButton(/Robot "Ops Alerts" added/, 'Send Test Message');
    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the test message');
    assert.equal(messages.length, 1);
    assert.equal(messages[0].robot, fake.guardedToken);
    assert.match(JSON.stringify(messages[0].body), new RegExp(fake.keyword), 'the keyword is in the message');
    assert.equal(sim.requests.filter((r) => r.path.startsWith('/robot/send')).length, 1, 'signed correctly the first time (no refused attempts)');

    await session.stopVsCode();
    // code-server keeps the workbench's storage (globalState, SecretStorage) in the browser's profile.
    const { userData, extensions, xdg, browser } = session.profile;
    const profileDirs = [userData, extensions, xdg, browser, session.workspace];
    assert.deepEqual(filesContaining(profileDirs, [fake.guardedToken, fake.guardedSecret], session.profile.root), []);
    assert.notDeepEqual(filesContaining(profileDirs, ['Ops Alerts'], session.profile.root), [], 'the search does reach where the robot list is stored');
  });
});
