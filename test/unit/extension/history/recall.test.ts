// Recall from DingTalk and read receipts on Sent History entries, against the simulator over real
// HTTP: the history's commands, the send notification's Recall button, and every error path.
import { strict as assert } from 'node:assert';
import { recallFromHistory } from '../../../../src/extension/commands/historyRecall';
import { refreshReadsFromHistory } from '../../../../src/extension/commands/historyRefreshReads';
import { ClientLifecycle } from '../../../../src/extension/clientLifecycle';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import { describeEntry } from '../../../../src/extension/history/describe';
import type { HistoryEntry } from '../../../../src/extension/history/entry';
import { refreshReadStatus, refreshReadStatusOnOpen } from '../../../../src/extension/history/readStatus';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { FAKE } from '../../../support/harness';
import { chinese, startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { MemoryHistoryFile } from './memoryFile';

const HOUR = 60 * 60_000;
const LONG = Array.from({ length: 900 }, (_, i) => `line ${i} of a long message`).join('\n');

/** Lets the event loop run until `done` holds (real I/O included), failing after two seconds. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!done()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('history: recall from DingTalk and read receipts', () => {
  let h: ExtensionHarness;
  let history: SendHistory;
  let services: HistoryServices;
  let app: RobotRecord;

  const latest = (): HistoryEntry => history.entries()[0];
  const view = (entry = latest()) => describeEntry(services, entry, h.clock.now());

  async function start(options: { zh?: boolean } = {}): Promise<void> {
    h = await startExtensionHarness(options.zh ? { locale: 'zh-cn', t: chinese() } : {});
    history = new SendHistory(new MemoryHistoryFile(), h.log);
    services = Object.assign(h.services, { history });
    app = await services.robots.add(h.drafts.app);
  }

  /** A one-to-one send made by the client itself (no command sends one yet), recorded as the history would. */
  async function oneToOne(userIds: string[]): Promise<HistoryEntry> {
    const robot = await services.robots.robot(app.id, h.settings.endpoints);
    const result = await h.client.sendText(robot, 'Your build is green', { userIds });
    const entry: HistoryEntry = {
      id: 'oto-1',
      time: h.clock.now(),
      robotId: app.id,
      robotName: app.name,
      robotKind: 'app',
      kind: 'message',
      summary: 'Your build is green',
      size: 19,
      result: 'sent',
      app: { userIds, parts: result.ids.map((key) => ({ key, sentAt: h.clock.now() })) },
    };
    await history.put(entry);
    return entry;
  }

  afterEach(() => h.stop());

  describe('Recall from DingTalk', () => {
    beforeEach(() => start());

    it('recalls a one-part send after a question naming the group; the entry says it was recalled, and when', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      assert.match(view().contextValue, /\.recall(\.|$)/);
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      const question = h.ui.shown.find((s) => s.kind === 'confirm');
      assert.match(question?.message ?? '', /Recall Deploy done from the group of "App"\?/);
      assert.deepEqual(h.sim.recalled.map((r) => [r.processQueryKey, r.conversation]), [[h.sim.messages[0].processQueryKey, FAKE.conversation]]);
      assert.equal(latest().recall?.recalled.length, 1);
      assert.equal(latest().recall?.at, h.clock.now());
      assert.match(view().description, /recalled$/);
      assert.match(view().tooltip, /Recalled from DingTalk: 1 message\(s\)/);
      assert.doesNotMatch(view().contextValue, /\.recall/);
      assert.match(h.ui.messages('info').at(-1) ?? '', /Recalled Deploy done from "App"\. DingTalk shows no notice in the chat\./);
    });

    it('recalls every part of a split send', async () => {
      await sendMessage(services, { text: LONG });
      assert.ok(h.sim.messages.length > 1);
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      assert.deepEqual(h.sim.recalled.map((r) => r.processQueryKey), h.sim.messages.map((m) => m.processQueryKey));
      assert.ok(h.sim.messages.every((m) => m.recalledAt !== undefined));
    });

    it('sends nothing when the question is cancelled', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.ui.script({ actions: [undefined] });
      await recallFromHistory(services, latest().id);
      assert.equal(h.sim.recalled.length, 0);
      assert.equal(latest().recall, undefined);
    });

    it('does not ask DingTalk again for a send recalled already', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      const requests = h.sim.requests.length;
      await recallFromHistory(services, latest().id);
      assert.equal(h.sim.requests.length, requests);
      assert.equal(h.ui.messages('info').at(-1), 'Deploy done was recalled already.');
    });

    it('shows a part DingTalk refuses, with its reason, in the notice and the entry', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      // Taken back meanwhile by something else (another window's history, DingTalk's own console).
      const robot = await services.robots.robot(app.id, h.settings.endpoints);
      await h.client.recallGroup(robot, { processQueryKeys: [h.sim.messages[0].processQueryKey ?? ''] });
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.messages('warn').at(-1) ?? '', /Recalled 0 of 1 messages .*DingTalk did not recall this part: message already recalled/);
      assert.match(view().tooltip, /Not recalled: DingTalk did not recall this part: message already recalled/);
    });

    it('recalls a one-to-one send within 24 hours', async () => {
      const entry = await oneToOne(['user1', 'user2']);
      h.clock.advance(23 * HOUR);
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, entry.id);
      assert.deepEqual(h.sim.recalled.map((r) => [r.channel, r.userIds]), [['oto', ['user1', 'user2']]]);
    });

    it('says a one-to-one send over 24 hours old cannot be recalled, and asks DingTalk nothing', async () => {
      const entry = await oneToOne(['user1']);
      h.clock.advance(25 * HOUR);
      const requests = h.sim.requests.length;
      await recallFromHistory(services, entry.id);
      assert.equal(h.sim.requests.length, requests);
      assert.match(h.ui.messages('warn').at(-1) ?? '', /only within 24 hours of sending/);
      assert.equal(h.ui.messages('error').length, 0);
    });

    it('offers no Recall for a send whose answer was lost, and the entry says why', async () => {
      h.sim.inject({ kind: 'resetAfterProcessing', path: '/v1.0/robot/groupMessages/send', times: 5 });
      await sendMessage(services, { text: 'Deploy done' });
      assert.doesNotMatch(view().contextValue, /\.recall/);
      assert.match(view().tooltip, /no message id for this send \(DingTalk's answer never arrived\)/);
      await recallFromHistory(services, latest().id);
      assert.equal(h.sim.recalled.length, 0);
    });

    it('says plainly that a webhook robot\'s send cannot be recalled, pointing to an app robot', async () => {
      const plain = await services.robots.add(h.drafts.plain);
      await services.robots.setDefault(plain.id);
      await sendMessage(services, { text: 'Deploy done' });
      assert.doesNotMatch(view().contextValue, /\.(recall|reads)/);
      assert.match(view().tooltip, /cannot recall messages sent by a custom group \(webhook\) robot, nor say who read them\. Send through an enterprise app robot/);
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.messages('info').at(-1) ?? '', /enterprise app robot/);
    });
  });

  describe('the Recall button of the send notification', () => {
    beforeEach(() => start());

    it('takes the send back at once, like an undo', async () => {
      h.ui.script({ actions: ['Recall'] });
      await sendMessage(services, { text: 'Deploy done' });
      await until(() => latest().recall !== undefined);
      assert.equal(h.ui.shown.filter((s) => s.kind === 'confirm').length, 0);
      assert.equal(h.sim.recalled[0].processQueryKey, h.sim.messages[0].processQueryKey);
      assert.ok(h.ui.shown.some((s) => s.kind === 'info' && s.message === 'Message sent to "App".' && s.actions.includes('Recall')));
    });

    it('asks first when pressed more than a minute later', async () => {
      h.ui.script({
        actions: [
          () => {
            h.clock.advance(61_000);
            return 'Recall';
          },
          'Recall',
        ],
      });
      await sendMessage(services, { text: 'Deploy done' });
      await until(() => latest().recall !== undefined);
      assert.equal(h.ui.shown.filter((s) => s.kind === 'confirm').length, 1);
    });

    it('is not offered for a webhook robot', async () => {
      const plain = await services.robots.add(h.drafts.plain);
      await services.robots.setDefault(plain.id);
      await sendMessage(services, { text: 'Deploy done' });
      assert.deepEqual(h.ui.shown.find((s) => s.kind === 'info')?.actions, []);
    });
  });

  describe('read receipts', () => {
    beforeEach(() => start());

    it('shows "read by N" for a group send, every page of readers, and lists them in the tooltip', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      const readers = Array.from({ length: 450 }, (_, i) => `user${i}`);
      h.sim.markRead(h.sim.messages[0].processQueryKey ?? '', readers);
      await refreshReadStatus(services);
      assert.deepEqual(latest().reads?.readers.map((r) => r.userId), readers);
      assert.match(view().description, / · read by 450$/);
      assert.match(view().tooltip, /read by 450: user0, user1, /);
      const pages = h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').length;
      assert.equal(pages, 3);
    });

    it('asks again only when asked: Refresh Read Status on the entry', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      await refreshReadsFromHistory(services, latest().id);
      assert.match(view().description, /read by 0$/);
      h.sim.markRead(h.sim.messages[0].processQueryKey ?? '', ['alice']);
      assert.match(view().description, /read by 0$/);
      await refreshReadsFromHistory(services, latest().id);
      assert.match(view().description, /read by 1$/);
    });

    it('records the read status with the time it was read, when it is saved later (the history file could not be written then)', async () => {
      const file = new MemoryHistoryFile();
      history = new SendHistory(file, h.log);
      services = Object.assign(h.services, { history });
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.markRead(h.sim.messages[0].processQueryKey ?? '', ['alice']);
      const write = file.write.bind(file);
      file.write = async () => {
        throw new Error('disk full');
      };
      const readAt = h.clock.now();
      await refreshReadStatus(services);
      h.clock.advance(60_000);
      file.write = write;
      await history.load();
      const [saved] = file.json().entries as unknown as HistoryEntry[];
      assert.deepEqual([saved.reads?.readers.map((r) => r.userId), saved.reads?.at], [['alice'], readAt]);
    });

    it('lists each one-to-one recipient\'s name and read time', async () => {
      const entry = await oneToOne(['user1', 'user2']);
      h.sim.markRead(entry.app?.parts[0].key ?? '', ['user1']);
      await refreshReadStatus(services, [entry.id]);
      const reads = history.get(entry.id)?.reads;
      assert.equal(reads?.recipients, 2);
      assert.deepEqual(reads?.readers.map((r) => [r.userId, r.readAt]), [['user1', h.clock.now()]]);
      assert.match(view(history.get(entry.id)).description, /read by 1 of 2$/);
    });

    it('reads every part of a split send when the proxy setting changes between two of them: the replaced client closes, the next part asks on the new one', async () => {
      await sendMessage(services, { text: LONG });
      const [first, second] = h.sim.messages.map((message) => message.processQueryKey ?? '');
      assert.ok(second, 'a send of several parts');
      h.sim.markRead(first, ['alice']);
      h.sim.markRead(second, ['bob']);
      const lifecycle = new ClientLifecycle(() => h.newClient());
      // A proxy change lands as the first part's readers come back (the lifecycle then closes the client once idle).
      services.client = () => {
        const client = lifecycle.client();
        return Object.assign(Object.create(client) as typeof client, {
          groupReadStatus: (...args: Parameters<typeof client.groupReadStatus>) => client.groupReadStatus(...args).finally(() => lifecycle.renew()),
        });
      };
      await refreshReadStatus(services, [latest().id], true);
      assert.deepEqual(h.ui.shown.filter((s) => s.kind === 'warn' || s.kind === 'error'), [], 'no failure reported');
      assert.deepEqual(latest().reads?.readers.map((r) => r.userId).sort(), ['alice', 'bob']);
      await lifecycle.dispose();
    });

    it('offers no read status once the send is recalled', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      const requests = h.sim.requests.length;
      await refreshReadStatus(services);
      assert.equal(h.sim.requests.length, requests);
      assert.doesNotMatch(view().contextValue, /\.reads/);
    });
  });

  describe('errors', () => {
    it('says which permission the app lacks and how to add it', async () => {
      await start();
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.addApp({ appKey: FAKE.appKey, appSecret: FAKE.appSecret, permissions: [] });
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.messages('error').at(-1) ?? '', /lacks the permission qyapi_robot_sendmsg/);
      assert.equal(latest().recall, undefined);
      await refreshReadsFromHistory(services, latest().id);
      assert.match(view().tooltip, /Read status: The robot's app lacks the permission qyapi_robot_sendmsg/);
    });

    it('says the robot is gone when DingTalk no longer knows it', async () => {
      await start();
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.removeAppRobot(FAKE.robotCode);
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.messages('error').at(-1) ?? '', /this robot does not exist \(any more\)/);
    });

    it('says the message is unknown when DingTalk has no read data for its key', async () => {
      await start();
      await history.put({ id: 'old', time: h.clock.now(), robotId: app.id, robotName: app.name, robotKind: 'app', kind: 'message', summary: 'Old', size: 3, result: 'sent', app: { openConversationId: FAKE.conversation, parts: [{ key: 'madeUpKey==', sentAt: h.clock.now() }] } });
      await refreshReadsFromHistory(services, 'old');
      assert.match(h.ui.messages('error').at(-1) ?? '', /DingTalk does not know this message any more/);
    });

    it('says a robot removed from DingTalk Sender can no longer recall', async () => {
      await start();
      await sendMessage(services, { text: 'Deploy done' });
      await services.robots.remove(app.id);
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.messages('error').at(-1) ?? '', /The robot "App" was removed/);
      assert.equal(h.sim.recalled.length, 0);
    });

    it('speaks Chinese in a Chinese VS Code', async () => {
      await start({ zh: true });
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.addApp({ appKey: FAKE.appKey, appSecret: FAKE.appSecret, permissions: [] });
      h.ui.script({ actions: ['撤回'] });
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.shown.find((s) => s.kind === 'confirm')?.message ?? '', /从“App”所在的群撤回/);
      assert.match(h.ui.messages('error').at(-1) ?? '', /企业内机器人发送消息权限/);
    });
  });

  describe('throttles, waited out as a send\'s are', () => {
    beforeEach(() => start());

    it('waits out a throttle of a recall, saying when it resumes in the recall\'s progress, and recalls', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/recall' });
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      const progress = h.ui.progress.find((p) => p.title.startsWith('Recalling'));
      assert.deepEqual(progress?.messages, ['DingTalk asked to slow down; resuming in 2 s…']);
      assert.equal(h.sim.recalled.length, 1);
      assert.equal(latest().recall?.recalled.length, 1);
      assert.deepEqual(h.ui.messages('error'), []);
    });

    it('waits out a throttle of Refresh Read Status under a progress that says when it resumes', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.markRead(h.sim.messages[0].processQueryKey ?? '', ['alice']);
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/query', form: 'gateway', wait: 2 });
      await refreshReadsFromHistory(services, latest().id);
      const progress = h.ui.progress.find((p) => p.title === 'Asking DingTalk who has read the messages…');
      assert.deepEqual(progress?.messages, ['DingTalk asked to slow down; resuming in 120 s…']);
      assert.match(view().description, /read by 1$/);
      assert.deepEqual(h.ui.messages('error'), []);
    });

    it('stops Refresh Read Status on Cancel during the wait, recording no error on the entry', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/query', form: 'gateway', wait: 2 });
      let cancel: (() => void) | undefined;
      h.ui.onProgress = (stop) => (cancel = stop);
      const listening = h.services.onClientEvent((event) => event.type === 'rateLimited' && cancel?.());
      await refreshReadsFromHistory(services, latest().id);
      listening.dispose();
      assert.equal(h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').length, 1, 'not asked again');
      assert.equal(latest().reads, undefined);
      assert.deepEqual(h.ui.messages('error'), []);
    });

    it('shows the refresh when the Sent History opens once it waits out a throttle, with when it resumes, and records the readers', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.markRead(h.sim.messages[0].processQueryKey ?? '', ['alice']);
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/query', form: 'gateway', wait: 2 });
      const shownBefore = h.ui.progress.length;
      await refreshReadStatusOnOpen(services);
      const progress = h.ui.progress.slice(shownBefore);
      assert.deepEqual(
        progress.map((p) => [p.title, p.messages]),
        [['Asking DingTalk who has read the messages…', ['DingTalk asked to slow down; resuming in 120 s…']]],
      );
      assert.match(view().description, /read by 1$/);
      assert.deepEqual(h.ui.messages('error'), []);
    });

    it('opened again during the wait, shows the one progress and asks DingTalk once, not once per opening', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.markRead(h.sim.messages[0].processQueryKey ?? '', ['alice']);
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/query', form: 'gateway', wait: 2 });
      const shownBefore = h.ui.progress.length;
      const first = refreshReadStatusOnOpen(services);
      await until(() => h.ui.progress.length > shownBefore);
      await Promise.all([first, refreshReadStatusOnOpen(services), refreshReadStatusOnOpen(services)]);
      assert.deepEqual(
        h.ui.progress.slice(shownBefore).map((p) => p.title),
        ['Asking DingTalk who has read the messages…'],
      );
      assert.equal(h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').length, 2, 'the throttled query and its one retry');
      assert.match(view().description, /read by 1$/);
      // Once it has ended, the next opening asks again.
      await refreshReadStatusOnOpen(services);
      assert.equal(h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').length, 3);
    });

    it('shows no progress when the Sent History opens and DingTalk answers at once', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      const shownBefore = h.ui.progress.length;
      await refreshReadStatusOnOpen(services);
      assert.deepEqual(h.ui.progress.slice(shownBefore), []);
      assert.match(view().description, /read by 0$/);
    });

    it('stops the refresh when the Sent History opens on Cancel during the wait, asking no more', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      await sendMessage(services, { text: 'Tests green' });
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/query', form: 'gateway', wait: 2 });
      h.ui.onProgress = (stop) => stop();
      await refreshReadStatusOnOpen(services);
      assert.equal(h.sim.requests.filter((r) => r.path === '/v1.0/robot/groupMessages/query').length, 1, 'not asked again, nor about the other send');
      assert.deepEqual(
        history.entries().map((e) => e.reads),
        [undefined, undefined],
      );
      assert.deepEqual(h.ui.messages('error'), []);
    });

    it('says how long DingTalk asks to wait when it is longer than a send waits, and stops', async () => {
      await sendMessage(services, { text: 'Deploy done' });
      h.sim.inject({ kind: 'throttle', path: '/v1.0/robot/groupMessages/recall', form: 'gateway', wait: 30 });
      h.ui.script({ actions: ['Recall'] });
      await recallFromHistory(services, latest().id);
      assert.match(h.ui.messages('error').at(-1) ?? '', /DingTalk asks to wait 30 minutes/);
      assert.equal(h.sim.recalled.length, 0);
      assert.equal(latest().recall, undefined);
    });
  });
});
