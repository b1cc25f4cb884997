import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addAppRobot, addRobots, addWebhookRobot, fake } from './support/robots';
import { filesContaining, Session } from './support/session';
import { eventually } from './support/wait';
import { appTs, pdf } from './workspaceFiles';

const wrongSecret = `SECtest${'9'.repeat(57)}`;

describe('Secret audit in a real VS Code', function () {
  this.timeout(300_000);

  it('leaves no robot credential in any file VS Code or the extension wrote (settings, state, Sent History, logs), after sends of every kind and a failure', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'src/app.ts': appTs, 'docs/notes.md': '# Notes\n\nShipped **today**.\n', 'report.pdf': pdf },
    });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.guardedToken), secret: fake.guardedSecret, keywords: fake.keyword, app: true });
    await addAppRobot(workbench, 'Release');
    await addWebhookRobot(workbench, { name: 'Broken', webhook: sim.webhookUrl(fake.signedToken), secret: wrongSecret });
    await workbench.clearNotifications();

    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    await workbench.runCommand('DingTalk: Send Selection');
    await eventually(() => sim.messages, (m) => m.length >= 1, 'the snippet');

    await workbench.runCommand('DingTalk: Send Message…');
    await workbench.answer('The message to send', 'Deploying the DingTalk build now');
    await workbench.answer('Mobile numbers or user ids', '');
    await eventually(() => sim.messages, (m) => m.length >= 2, 'the message');

    await workbench.openFile('docs/notes.md');
    await workbench.runCommand('DingTalk: Send Markdown');
    await eventually(() => sim.messages, (m) => m.length >= 3, 'the markdown');

    await workbench.runCommand('DingTalk: Set Default Robot…');
    await workbench.pick('Which robot should sends go to by default?', 'Release');
    const row = workbench.explorerRow('report.pdf');
    await row.click();
    await workbench.contextMenu(row, 'Send to DingTalk');
    await workbench.chooseMenuItem('Send to DingTalk');
    await eventually(() => sim.messages, (m) => m.length >= 4, 'the file to the app robot');

    await workbench.runCommand('DingTalk: Set Default Robot…');
    await workbench.pick('Which robot should sends go to by default?', 'Broken');
    await workbench.openFile('src/app.ts');
    await workbench.selectLines(6, 7);
    await workbench.runCommand('DingTalk: Send Selection');
    await workbench.notification(/signing secret is wrong/);

    assert.deepEqual(
      sim.messages.map((m) => [m.robot, m.type]),
      [
        [fake.guardedToken, 'markdown'],
        [fake.guardedToken, 'text'],
        [fake.guardedToken, 'markdown'],
        [fake.robotCode, 'sampleFile'],
      ],
    );

    await session.stopVsCode();
    const { userData, extensions, xdg, browser } = session.profile;
    const written = [userData, extensions, xdg, browser, session.workspace];
    const credentials = [fake.guardedToken, fake.guardedSecret, fake.appSecret, fake.signedToken, wrongSecret];
    assert.deepEqual(filesContaining(written, credentials, session.profile.root), []);
    assert.notDeepEqual(filesContaining(written, ['Broken'], session.profile.root), [], 'the search reaches where robots are stored');
    const history = filesContaining(written, ['src/app.ts:2–3', 'src/app.ts:6–7'], session.profile.root).filter((hit) => hit.includes('history.json'));
    assert.equal(history.length, 2, `the search reaches the Sent History, with the sent and the failed snippet: ${history.join(', ')}`);
  });
});
