import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addAppRobot, addRobots } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';

describe('Recall from DingTalk in a real VS Code', function () {
  this.timeout(240_000);

  /** `keepNotices`: the robot's "added" notice is left to hide itself, as a user leaves it, so the Notification Center holds it. */
  async function sendToAppRobot(session: Session, text: string, keepNotices = false): Promise<void> {
    const { workbench, sim } = session;
    await workbench.ready();
    await addAppRobot(workbench, 'Release');
    if (!keepNotices) {
      await workbench.clearNotifications();
    }
    await workbench.runCommand('DingTalk: Send Message…');
    await workbench.answer('The message to send', text);
    await eventually(() => sim.messages, (m) => m.length === 1, 'the message');
  }

  it('recalls a send from its Sent History entry after a question naming the group, and the entry says so', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'notes.md': '# Notes\n' } });
    const { workbench, sim } = session;
    await sendToAppRobot(session, 'Wrong group, sorry');
    await workbench.clearNotifications();

    await workbench.runCommand('DingTalk: Show Sent History');
    const row = workbench.page.locator('.pane-body .monaco-list-row', { hasText: 'Wrong group, sorry' }).first();
    await row.waitFor({ state: 'visible', timeout: 20_000 });
    await row.click();
    const items = await workbench.contextMenu(row, 'Recall from DingTalk…');
    assert.ok(items.includes('Refresh Read Status'), `the menu offers Refresh Read Status: ${items.join(', ')}`);
    await workbench.chooseMenuItem('Recall from DingTalk…');
    const dialog = await eventually(() => workbench.dialog(), (d) => d !== undefined, 'the recall question');
    assert.match(dialog?.message ?? '', /Recall Wrong group, sorry from the group of "Release"\?/);
    await workbench.clickDialogButton('Recall');

    await eventually(() => Promise.resolve(sim.recalled), (r) => r.length === 1, 'the recall');
    assert.equal(sim.recalled[0].processQueryKey, sim.messages[0].processQueryKey);
    await workbench.notification(/Recalled Wrong group, sorry from "Release"/);
    await eventually(() => row.innerText(), (text) => /recalled/.test(text), 'the entry showing it was recalled');
  });

  it('recalls a send from the Recall button of the notification that confirms it', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'notes.md': '# Notes\n' } });
    const { workbench, sim } = session;
    await sendToAppRobot(session, 'Oops, a key was in it', true);
    const toast = await workbench.notification(/Message sent to "Release"/);
    assert.ok(toast.buttons.includes('Recall'), `the notice offers Recall: ${toast.buttons.join(', ')}`);
    // An info toast hides itself 10 s after it shows, buttons or not (VS Code's NotificationsToasts.PURGE_TIMEOUT), as it
    // may before a click on a busy machine; its Recall is in the Notification Center then, with the robot's notice.
    await eventually(() => workbench.hasNotificationToast(/Message sent to "Release"/), (shown) => !shown, 'the toast to hide itself', 60_000, 0);
    await workbench.clickNotificationButton(/Message sent to "Release"/, 'Recall');
    await eventually(() => Promise.resolve(sim.recalled), (r) => r.length === 1, 'the recall');
    await workbench.notification(/Recalled Oops, a key was in it from "Release"/);
  });
});
