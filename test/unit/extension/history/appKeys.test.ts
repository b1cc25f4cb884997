// Step one of recall and read receipts: every app-robot send keeps the processQueryKey of each of
// its parts, with the group it went to, in the Sent History file itself (other windows read it).
import { strict as assert } from 'node:assert';
import { retryFromHistory } from '../../../../src/extension/commands/historyRetry';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import type { HistoryServices } from '../../../../src/extension/history/sendAgain';
import { SendHistory } from '../../../../src/extension/history/store';
import { FAKE } from '../../../support/harness';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';
import { MemoryHistoryFile } from './memoryFile';

const GROUP_SEND = '/v1.0/robot/groupMessages/send';

describe('history: the message ids of app-robot sends', () => {
  let h: ExtensionHarness;
  let file: MemoryHistoryFile;
  let history: SendHistory;
  let services: HistoryServices;

  beforeEach(async () => {
    h = await startExtensionHarness();
    file = new MemoryHistoryFile();
    history = new SendHistory(file, h.log);
    services = Object.assign(h.services, { history });
    await services.robots.add(h.drafts.app);
  });
  afterEach(() => h.stop());

  /** The entry as another window reads it from the file. */
  async function fromFile(): Promise<ReturnType<SendHistory['entries']>> {
    const other = new SendHistory(new MemoryHistoryFile(file.text), h.log);
    await other.load();
    return other.entries();
  }

  it('keeps each part\'s key, in order, with the group it went to and when', async () => {
    const text = Array.from({ length: 900 }, (_, i) => `line ${i} of a long message`).join('\n');
    await sendMessage(services, { text });
    const sent = h.sim.messages.map((m) => m.processQueryKey);
    assert.ok(sent.length > 1, 'the message was not split');
    const [entry] = await fromFile();
    assert.equal(entry.robotKind, 'app');
    assert.deepEqual(entry.app?.parts.map((p) => p.key), sent);
    assert.equal(entry.app?.openConversationId, FAKE.conversation);
    assert.ok(entry.app?.parts.every((p) => p.sentAt === entry.time));
    assert.equal(entry.app?.answerLost, undefined);
  });

  it('keeps the keys of the parts that arrived before a failure, and of the rest after a Retry', async () => {
    const text = Array.from({ length: 900 }, (_, i) => `line ${i} of a long message`).join('\n');
    h.sim.inject({ kind: 'status', status: 400, path: GROUP_SEND, skip: 1 });
    await sendMessage(services, { text });
    const failed = history.entries()[0];
    assert.equal(failed.result, 'failed');
    assert.deepEqual(failed.app?.parts.map((p) => p.key), [h.sim.messages[0].processQueryKey]);
    await retryFromHistory(services, failed.id);
    const [entry] = await fromFile();
    assert.equal(entry.result, 'sent');
    assert.deepEqual(entry.app?.parts.map((p) => p.key), h.sim.messages.map((m) => m.processQueryKey));
  });

  it('says the answer was lost when a part may have arrived without a key', async () => {
    h.sim.inject({ kind: 'resetAfterProcessing', path: GROUP_SEND, times: 5 });
    await sendMessage(services, { text: 'Deploy done' });
    const [entry] = await fromFile();
    assert.equal(entry.result, 'uncertain');
    assert.equal(h.sim.messages.length, 1, 'the message did arrive');
    assert.deepEqual(entry.app?.parts, []);
    assert.equal(entry.app?.answerLost, true);
  });

  it('keeps no ids for a webhook robot, only that it was one', async () => {
    const plain = await services.robots.add(h.drafts.plain);
    await services.robots.setDefault(plain.id);
    await sendMessage(services, { text: 'Deploy done' });
    const [entry] = await fromFile();
    assert.equal(entry.robotKind, 'webhook');
    assert.equal(entry.app, undefined);
  });

  it('drops a malformed field of a file written elsewhere, not the entry', async () => {
    await sendMessage(services, { text: 'Deploy done' });
    const data = JSON.parse(file.text ?? '') as { entries: Array<Record<string, unknown>> };
    data.entries[0].app = { parts: [{ key: 7 }, { key: 'k', sentAt: 1 }], userIds: 'nope' };
    data.entries[0].recall = 'yes';
    file.text = JSON.stringify(data);
    const [entry] = await fromFile();
    assert.deepEqual(entry.app, { parts: [{ key: 'k', sentAt: 1 }] });
    assert.equal(entry.recall, undefined);
  });
});
