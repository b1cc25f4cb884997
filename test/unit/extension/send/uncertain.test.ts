import { strict as assert } from 'node:assert';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import { describeEntry } from '../../../../src/extension/history/describe';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { MemoryHistoryFile } from '../history/memoryFile';

const GROUP_SEND = '/v1.0/robot/groupMessages/send';

/** The msgUuids of the webhook requests the simulator received. */
function sentUuids(h: ExtensionHarness): unknown[] {
  return h.sim.requests.filter((r) => r.path.startsWith('/robot/send')).map((r) => (JSON.parse(r.bodyText ?? '{}') as { msgUuid?: unknown }).msgUuid);
}

describe('sends that may have arrived', () => {
  let h: ExtensionHarness;
  let history: SendHistory;
  let services: HistoryServices;
  let app: RobotRecord;

  beforeEach(async () => {
    h = await startExtensionHarness();
    history = new SendHistory(new MemoryHistoryFile(), h.log);
    services = Object.assign(h.services, { history });
    await services.robots.add(h.drafts.plain);
    app = await services.robots.add(h.drafts.app);
  });
  afterEach(() => h.stop());

  describe('a webhook robot', () => {
    it('says "may have arrived" in the notification, the log and the Sent History, and its Retry reuses the msgUuid, so the group gets it once', async () => {
      h.sim.inject({ kind: 'status', status: 503, path: '/robot/send', afterProcessing: true, times: 100 });
      h.ui.script({
        actions: [
          () => {
            h.sim.clearFaults();
            return 'Retry';
          },
        ],
      });
      await sendMessage(services, { text: 'Deploy done' });
      const [shown] = h.ui.shown;
      assert.equal(shown.kind, 'warn');
      assert.match(shown.message, /^The message may have reached the group: .*Retry is safe: it reuses the message's id/);
      assert.deepEqual(shown.actions, ['Retry', 'Copy Content']);
      assert.ok(h.log.lines.some((line) => line.startsWith('Send to "Plain" may have arrived (a Retry reuses its msgUuids)')), h.log.lines.join('\n'));
      assert.equal(h.sim.messages.length, 1);
      const uuids = sentUuids(h);
      assert.ok(uuids.length >= 2);
      assert.ok(typeof uuids[0] === 'string');
      assert.ok(uuids.every((uuid) => uuid === uuids[0]), 'the automatic tries and the Retry carry one msgUuid');
      assert.deepEqual(h.ui.messages('info'), ['Message sent to "Plain".']);
      assert.equal(history.entries()[0].result, 'sent');
    });

    it('keeps the msgUuids in the Sent History entry, whose Retry passes them back', async () => {
      h.sim.inject({ kind: 'status', status: 503, path: '/robot/send', afterProcessing: true, times: 100 });
      h.ui.script({ actions: [undefined] });
      await sendMessage(services, { text: 'Deploy done' });
      const [entry] = history.entries();
      assert.equal(entry.result, 'uncertain');
      assert.match(entry.error ?? '', /may have reached the group/);
      assert.deepEqual(entry.msgUuids, [sentUuids(h)[0]]);
      const view = describeEntry({ t: services.t, locale: 'en' }, entry, h.clock.now());
      assert.equal(view.icon, 'warning');
      assert.equal(view.contextValue, 'entry.uncertain.content');
      assert.match(view.tooltip, /^Deploy done\nMay have arrived \(errcode HTTP 503\)\n/);

      h.sim.clearFaults();
      await retryFromHistory(services, entry.id);
      assert.equal(h.sim.messages.length, 1, 'DingTalk dropped the second copy');
      assert.equal(sentUuids(h).at(-1), entry.msgUuids?.[0]);
      assert.deepEqual(history.entries().map((e) => [e.id, e.result]), [[entry.id, 'sent']]);
      assert.equal(h.ui.shown.filter((s) => s.kind === 'confirm').length, 0);
    });

    it('still reports a send that certainly did not arrive as failed', async () => {
      h.sim.inject({ kind: 'status', status: 400, path: '/robot/send' });
      h.ui.script({ actions: [undefined] });
      await sendMessage(services, { text: 'Deploy done' });
      assert.equal(h.ui.shown[0].kind, 'error');
      assert.equal(history.entries()[0].result, 'failed');
      assert.equal(h.sim.messages.length, 0);
    });
  });

  describe('an app robot', () => {
    beforeEach(() => services.robots.setDefault(app.id));

    it('warns, in a modal, that a Retry may post it twice, and sends again only on the user\'s word', async () => {
      h.sim.inject({ kind: 'busy', path: GROUP_SEND, afterProcessing: true });
      h.ui.script({ actions: ['Retry', 'Send Again'] });
      await sendMessage(services, { text: 'Deploy done' });
      assert.equal(h.ui.shown[0].kind, 'warn');
      assert.match(h.ui.shown[0].message, /may have reached the group: .*sending again may post it twice/);
      assert.deepEqual(h.ui.shown[1], {
        kind: 'confirm',
        message:
          'Send to "App" again?\nThe last try may have reached the group, and DingTalk cannot tell an app robot\'s second copy from the first: sending again may post it twice. Check the group first.',
        actions: ['Send Again'],
      });
      assert.ok(h.log.lines.some((line) => line.startsWith('Send to "App" may have arrived (a Retry may post it twice)')), h.log.lines.join('\n'));
      assert.equal(h.sim.messages.length, 2, 'the user chose to send it again');
      assert.equal(history.entries()[0].result, 'sent');
    });

    it('sends nothing more when the user does not confirm, and the entry stays "may have arrived"', async () => {
      h.sim.inject({ kind: 'busy', path: GROUP_SEND, afterProcessing: true });
      h.ui.script({ actions: ['Retry', undefined] });
      const result = await sendMessage(services, { text: 'Deploy done' });
      assert.equal(result, undefined);
      assert.equal(h.sim.messages.length, 1);
      const [entry] = history.entries();
      assert.equal(entry.result, 'uncertain');
      assert.equal(entry.msgUuids, undefined);
      assert.equal(h.services.unsent.get()?.text, 'Deploy done');
    });

    it('asks before the Sent History\'s Retry of such a send', async () => {
      h.sim.inject({ kind: 'busy', path: GROUP_SEND, afterProcessing: true });
      h.ui.script({ actions: [undefined, undefined] });
      await sendMessage(services, { text: 'Deploy done' });
      const [entry] = history.entries();
      await retryFromHistory(services, entry.id);
      assert.equal(h.ui.shown[1].kind, 'confirm');
      assert.equal(h.sim.messages.length, 1, 'not confirmed: not sent again');

      h.ui.script({ actions: ['Send Again'] });
      await retryFromHistory(services, entry.id);
      assert.equal(h.sim.messages.length, 2);
      assert.equal(history.entries()[0].result, 'sent');
    });
  });
});
