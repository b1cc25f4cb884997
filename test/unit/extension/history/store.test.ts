import { strict as assert } from 'node:assert';
import type { HistoryEntry, SendOutcome } from '../../../../src/extension/history/entry';
import { capHistory, HISTORY_LIMITS, KEPT_CHANGES, KEPT_CHANGES_KEY, SendHistory, STALE_SENDING_MS } from '../../../../src/extension/history/store';
import { MapState } from '../../../support/extensionHarness';
import { CapturingLogger } from '../../../support/harness';
import { MemoryHistoryFile } from './memoryFile';

const T0 = Date.UTC(2025, 0, 6, 9, 0);

/** Entry `n`; a higher `n` is newer. */
function entry(n: number, result: SendOutcome = 'sent', text = `message ${n}`): HistoryEntry {
  return { id: `e${n}`, time: T0 + n * 1000, robotId: 'r1', robotName: 'Team', kind: 'message', summary: `message ${n}`, size: text.length, result, content: { text, language: 'dingtalk-message' } };
}

/** `count` entries, newest first, every `failedEvery`-th one failed. */
function entries(count: number, failedEvery = 0): HistoryEntry[] {
  return Array.from({ length: count }, (_, i) => entry(count - i, failedEvery && (count - i) % failedEvery === 0 ? 'failed' : 'sent'));
}

const ids = (list: readonly HistoryEntry[]): string[] => list.map((e) => e.id);

describe('history/store', () => {
  let log: CapturingLogger;
  let file: MemoryHistoryFile;
  let history: SendHistory;

  beforeEach(() => {
    log = new CapturingLogger();
    file = new MemoryHistoryFile();
    history = new SendHistory(file, log, { host: 100, isAlive: (pid) => pid === 100, now: () => T0 + 60_000 });
  });

  describe('the cap', () => {
    it('is 200 entries and 2 MB of content', () => {
      assert.deepEqual(HISTORY_LIMITS, { entries: 200, contentBytes: 2 * 1024 * 1024 });
    });

    it('drops the oldest sent entries first, keeping older failed ones', () => {
      const list = entries(10, 3);
      const { entries: kept, unfinishedLost } = capHistory(list, { entries: 6, contentBytes: 1e9 });
      // Failed: e9, e6, e3. Sent, oldest first: e1, e2, e4, e5 go.
      assert.deepEqual(ids(kept), ['e10', 'e9', 'e8', 'e7', 'e6', 'e3']);
      assert.equal(unfinishedLost, 0);
    });

    it('drops the oldest unfinished entries only when more of them than the limit remain, and says so', () => {
      const list = [entry(5, 'failed'), entry(4, 'sent'), entry(3, 'cancelled'), entry(2, 'notSent'), entry(1, 'failed')];
      const { entries: kept, unfinishedLost } = capHistory(list, { entries: 2, contentBytes: 1e9 });
      assert.deepEqual(ids(kept), ['e5', 'e3']);
      assert.equal(unfinishedLost, 2);
    });

    it('over the content budget, drops the content of the oldest sent entries first; the entries stay', () => {
      const list = [entry(4, 'sent', 'x'.repeat(100)), entry(3, 'failed', 'y'.repeat(100)), entry(2, 'sent', 'z'.repeat(100)), entry(1, 'sent', 'w'.repeat(100))];
      const { entries: kept, unfinishedLost } = capHistory(list, { entries: 10, contentBytes: 300 });
      assert.deepEqual(ids(kept), ['e4', 'e3', 'e2', 'e1']);
      assert.deepEqual(
        kept.map((e) => e.content !== undefined),
        [true, true, false, false],
      );
      assert.equal(unfinishedLost, 0);
    });

    it('then drops the content of the oldest unfinished entries, but never of the newest one', () => {
      const big = 'x'.repeat(1000);
      const list = [entry(4, 'sent', big), entry(3, 'failed', big), entry(2, 'notSent', big), entry(1, 'cancelled', big)];
      const { entries: kept, unfinishedLost } = capHistory(list, { entries: 10, contentBytes: 100 });
      assert.deepEqual(
        kept.map((e) => [e.id, e.content !== undefined]),
        [
          ['e4', false],
          ['e3', true],
          ['e2', false],
          ['e1', false],
        ],
      );
      assert.equal(unfinishedLost, 2);
    });

    it('is applied on every write, with a warning when unsent content is lost', async () => {
      history = new SendHistory(file, log, { limits: { entries: 3, contentBytes: 1e9 }, host: 100 });
      for (const e of [entry(1, 'failed'), entry(2, 'failed'), entry(3, 'failed'), entry(4, 'failed')]) {
        await history.put(e);
      }
      assert.deepEqual(ids(history.entries()), ['e4', 'e3', 'e2']);
      assert.deepEqual(file.json().entries.map((e) => e.id), ['e4', 'e3', 'e2']);
      assert.ok(log.lines.some((line) => /^Sent History over its limits \(3 entries, .*\): the content or the whole entry of 1 unsent send\(s\) was dropped/.test(line)), log.lines.join('\n'));
    });
  });

  it('keeps entries newest first, replaces one by id, and reads them back in a new window', async () => {
    await history.put(entry(1));
    await history.put(entry(3, 'failed'));
    await history.put(entry(2));
    await history.put({ ...entry(3), time: T0 + 10_000 });
    assert.deepEqual(ids(history.entries()), ['e3', 'e2', 'e1']);
    assert.equal(history.get('e3')?.result, 'sent');
    const again = new SendHistory(file, log);
    await again.load();
    assert.deepEqual(again.entries(), history.entries());
  });

  it('writes one change at a time, and loses none when many finish together', async () => {
    file.delayMs = 2;
    await Promise.all(Array.from({ length: 30 }, (_, i) => history.put(entry(i + 1))));
    assert.equal(file.maxConcurrentWrites, 1);
    assert.equal(history.entries().length, 30);
    assert.equal(file.json().entries.length, 30);
  });

  it('does not overwrite what another window wrote: every change reads the file first', async () => {
    const other = new SendHistory(file, log, { host: 200, isAlive: () => true });
    await history.put(entry(1));
    await other.put(entry(2));
    await history.put(entry(3));
    await other.remove('e1');
    assert.deepEqual(file.json().entries.map((e) => e.id), ['e3', 'e2']);
  });

  it('writes nothing when a load finds nothing to change', async () => {
    await history.put(entry(1));
    const writes = file.writes;
    await history.load();
    await history.load();
    assert.equal(file.writes, writes);
  });

  for (const [name, text] of [
    ['text that is not JSON', '{"version":1,"entries":[{"id":'],
    ['another program\'s JSON', '{"recentFiles":["a.txt"]}'],
    ['a newer version\'s format', '{"version":2,"entries":[]}'],
  ] as const) {
    it(`starts an empty history on ${name}, after keeping a copy and logging it`, async () => {
      file.text = text;
      await history.load();
      assert.deepEqual(history.entries(), []);
      assert.deepEqual(file.backups, [text]);
      assert.ok(log.lines.some((line) => line.includes('is kept at history.json.bak (1) and a new history starts')), log.lines.join('\n'));
      await history.put(entry(1));
      assert.deepEqual(file.json().entries.map((e) => e.id), ['e1']);
      assert.equal(file.backups.length, 1);
    });
  }

  it('reads back what a Retry needs to send the same again: a snippet image\'s link and form, a terminal file and its terminal', async () => {
    const link = { url: 'https://github.com/acme/widgets/blob/0123456789abcdef/src/app.ts#L3-L9', commit: '0123456789abcdef', shortCommit: '0123456', startLine: 3, endLine: 9, differs: true };
    const image: HistoryEntry = { ...entry(1, 'failed'), kind: 'selectionImage', content: { text: 'code', language: 'typescript', title: 'src/app.ts:3-9', link, alsoText: false } };
    const output: HistoryEntry = { ...entry(2, 'failed'), kind: 'terminalFile', content: { text: 'Terminal: bash\n\nok\n', language: 'plaintext', title: 'bash-output.txt', terminal: 'bash' } };
    const cut: HistoryEntry = { ...entry(3), kind: 'terminalFile', content: { text: 'head\n…\ntail', language: 'markdown', title: 'bash-output.txt', terminal: 'bash', alsoSent: 'output' } };
    await history.put(image);
    await history.put(output);
    await history.put(cut);
    const again = new SendHistory(file, log);
    await again.load();
    assert.deepEqual(again.entries(), [cut, output, image]);
    // A link this version cannot read is left out; the entry stays, and its image goes without a link.
    file.text = JSON.stringify({ version: 1, entries: [{ ...image, content: { ...image.content, link: { ...link, startLine: 'three' }, alsoText: 'yes' } }] });
    await again.load();
    assert.deepEqual(again.get('e1')?.content, { text: 'code', language: 'typescript', title: 'src/app.ts:3-9' });
  });

  it('leaves out entries it cannot read, keeps the rest, and keeps a copy of the file as it was', async () => {
    const good = entry(2);
    file.text = JSON.stringify({ version: 1, entries: [good, { id: 'bad', result: 'exploded' }, { ...entry(1), content: { paths: 'not a list' } }] });
    await history.load();
    assert.deepEqual(ids(history.entries()), ['e2']);
    assert.equal(file.backups.length, 1);
    assert.ok(log.lines.some((line) => line.includes('2 entries could not be read')));
  });

  it('does not overwrite a file it cannot back up', async () => {
    file.text = 'garbage';
    file.backup = async () => {
      throw new Error('disk full');
    };
    await history.put(entry(1));
    assert.equal(file.text, 'garbage');
    assert.ok(log.lines.some((line) => line === 'Sent History could not be saved (disk full): 1 change(s) kept in this window, saved with the next change that can be.'));
  });

  it('keeps the changes a failing write could not save, in order, and saves them with the next change that can be', async () => {
    const write = file.write.bind(file);
    file.write = async () => {
      throw new Error('disk full');
    };
    await history.put(entry(1, 'sending'));
    await history.put(entry(1, 'sent'));
    await history.put(entry(2));
    assert.equal(file.text, undefined);
    assert.deepEqual(
      history.entries().map((e) => [e.id, e.result]),
      [['e2', 'sent'], ['e1', 'sent']],
      'shown in this window',
    );
    assert.ok(log.lines.some((line) => line.startsWith('Sent History could not be saved (disk full): 3 change(s) kept')));
    file.write = write;
    await history.remove('e2');
    assert.deepEqual(
      file.json().entries.map((e) => [e.id, e.result, e.host]),
      [['e1', 'sent', undefined]],
    );
    await history.put(entry(3));
    assert.deepEqual(
      file.json().entries.map((e) => e.id),
      ['e3', 'e1'],
      'saved once, not again',
    );
  });

  it('keeps the re-reads it could not save as one: another window\'s writes, read again while the view shows, do not pile up', async () => {
    // A send of a window that was killed, which a load marks as not sent.
    file.text = JSON.stringify({ version: 1, entries: [{ ...entry(0, 'sending'), host: 300 }] });
    const write = file.write.bind(file);
    file.write = async () => {
      throw new Error('disk full');
    };
    await history.put(entry(1, 'failed'));
    // As the view does on each write of another window (historyView.ts).
    for (let i = 0; i < 3; i += 1) {
      await history.load();
    }
    const kept = log.lines.filter((line) => line.startsWith('Sent History could not be saved (disk full)'));
    assert.deepEqual(
      kept.map((line) => /: (\d+) change\(s\) kept/.exec(line)?.[1]),
      ['1', '2', '2', '2'],
    );
    assert.deepEqual(
      history.entries().map((e) => [e.id, e.result]),
      [['e1', 'failed'], ['e0', 'notSent']],
      'shown in this window',
    );
    file.write = write;
    await history.put(entry(2));
    assert.deepEqual(
      file.json().entries.map((e) => [e.id, e.result]),
      [['e2', 'sent'], ['e1', 'failed'], ['e0', 'notSent']],
    );
  });

  it('saves the changes it kept onto what another window wrote meanwhile: nothing of either lost, nothing doubled, nothing deleted brought back', async () => {
    file.text = JSON.stringify({ version: 1, entries: [entry(2), entry(1)] });
    await history.load();
    // Another window, writing the same file while this one cannot.
    const other = new SendHistory({ read: async () => file.text, write: async (text) => void (file.text = text), backup: async () => 'unused' }, new CapturingLogger(), { host: 200, isAlive: () => true, now: () => T0 + 60_000 });
    const write = file.write.bind(file);
    file.write = async () => {
      throw new Error('disk full');
    };
    await history.put(entry(3, 'failed'));
    await history.update('e2', (e) => ({ ...e, reads: { at: T0, readers: [{ userId: 'alice' }], complete: true } }));
    await history.update('e1', (e) => ({ ...e, reads: { at: T0, readers: [{ userId: 'bob' }], complete: true } }));
    await other.put(entry(4));
    await other.update('e2', (e) => ({ ...e, recall: { recalled: ['k'], refused: [], at: T0 } }));
    await other.remove('e1');
    file.write = write;
    await history.put(entry(5));
    const saved = file.json().entries;
    assert.deepEqual(
      saved.map((e) => e.id),
      ['e5', 'e4', 'e3', 'e2'],
    );
    const e2 = saved.find((e) => e.id === 'e2');
    assert.deepEqual([e2?.reads, e2?.recall], [
      { at: T0, readers: [{ userId: 'alice' }], complete: true },
      { recalled: ['k'], refused: [], at: T0 },
    ]);
    assert.deepEqual(ids(history.entries()), ['e5', 'e4', 'e3', 'e2']);
  });

  it('saves a Clear it kept as the entries it cleared: what another window recorded after it stays', async () => {
    // e0: another window's send, still under way when this one clears.
    file.text = JSON.stringify({ version: 1, entries: [{ ...entry(0, 'sending'), time: T0 + 2500, host: 200 }, entry(2), entry(1)] });
    history = new SendHistory(file, log, { host: 100, isAlive: () => true, now: () => T0 + 60_000 });
    await history.load();
    const other = new SendHistory({ read: async () => file.text, write: async (text) => void (file.text = text), backup: async () => 'unused' }, new CapturingLogger(), { host: 200, isAlive: () => true, now: () => T0 + 60_000 });
    const write = file.write.bind(file);
    file.write = async () => {
      throw new Error('disk full');
    };
    await history.clear();
    assert.deepEqual(ids(history.entries()), ['e0'], 'shown cleared in this window');
    await other.put(entry(3));
    await other.put({ ...entry(0, 'sent'), time: T0 + 2500 });
    file.write = write;
    await history.put(entry(4));
    assert.deepEqual(
      file.json().entries.map((e) => [e.id, e.result]),
      [['e4', 'sent'], ['e3', 'sent'], ['e0', 'sent']],
    );
  });

  describe('changes kept while the file cannot be saved', () => {
    const failing = async (): Promise<void> => {
      throw new Error('disk full');
    };

    it(`keeps at most ${KEPT_CHANGES}, the oldest merged into one with a log line, and saves every one of them once it can`, async () => {
      file.text = JSON.stringify({ version: 1, entries: [entry(2), entry(1)] });
      await history.load();
      const write = file.write.bind(file);
      file.write = failing;
      await history.remove('e1');
      for (let n = 3; n < 43; n += 1) {
        await history.put(entry(n, n % 2 ? 'failed' : 'sent'));
      }
      await history.update('e3', (e) => ({ ...e, result: 'sent' }));
      const counts = log.lines.filter((line) => line.startsWith('Sent History could not be saved')).map((line) => Number(/: (\d+) change\(s\) kept/.exec(line)?.[1]));
      assert.equal(Math.max(...counts), KEPT_CHANGES);
      assert.match(log.lines.filter((line) => line.startsWith('Sent History could not be saved')).pop() ?? '', /16 change\(s\) kept in this window \(the oldest 2 merged into one\)/);
      assert.deepEqual(ids(history.entries()), [...Array.from({ length: 40 }, (_, i) => `e${42 - i}`), 'e2'], 'shown in this window');
      file.write = write;
      await history.put(entry(43));
      const saved = file.json().entries;
      assert.deepEqual(saved.map((e) => e.id), [...Array.from({ length: 41 }, (_, i) => `e${43 - i}`), 'e2']);
      assert.equal(saved.find((e) => e.id === 'e3')?.result, 'sent');
    });

    it('are kept over a reload of the window and saved by its first load, then forgotten', async () => {
      const state = new MapState();
      file.text = JSON.stringify({ version: 1, entries: [entry(1)] });
      history = new SendHistory(file, log, { host: 100, isAlive: (pid) => pid === 100, now: () => T0 + 60_000, keep: state });
      await history.load();
      const write = file.write.bind(file);
      file.write = failing;
      await history.put(entry(2, 'failed'));
      await history.remove('e1');
      await history.put(entry(3, 'sending'));
      // VS Code closes: the send under way is not sent, which cannot be saved either.
      await history.close();
      assert.ok(state.get(KEPT_CHANGES_KEY), 'kept in the window\'s state');
      assert.deepEqual(file.json().entries.map((e) => e.id), ['e1'], 'not saved');

      file.write = write;
      const reloaded = new SendHistory(file, log, { host: 101, isAlive: (pid) => pid === 101, now: () => T0 + 60_000, keep: state });
      await reloaded.load();
      assert.deepEqual(
        file.json().entries.map((e) => [e.id, e.result]),
        [['e3', 'notSent'], ['e2', 'failed']],
      );
      assert.equal(state.get(KEPT_CHANGES_KEY), undefined, 'forgotten once saved');
      await reloaded.remove('e2');
      await new SendHistory(file, log, { keep: state }).load();
      assert.deepEqual(file.json().entries.map((e) => e.id), ['e3'], 'not saved again');
    });
  });

  it('writes only the fields of an entry, whatever else the object handed in carries', async () => {
    await history.put({ ...entry(1), webhook: 'https://example.invalid/robot/send?access_token=x' } as HistoryEntry);
    assert.ok(!file.text?.includes('access_token'));
  });

  describe('sends left unfinished', () => {
    it('marks a send as this window\'s while it is sending, and not after', async () => {
      await history.put(entry(1, 'sending'));
      assert.equal(file.json().entries[0].host, 100);
      await history.put(entry(1, 'sent'));
      assert.equal(file.json().entries[0].host, undefined);
    });

    it('on closing, writes this window\'s sends still sending as not sent, content kept, and ignores later changes', async () => {
      const other = new SendHistory(file, log, { host: 200, isAlive: () => true });
      await other.put(entry(1, 'sending'));
      await history.put(entry(2, 'sending'));
      await history.close();
      assert.deepEqual(
        file.json().entries.map((e) => [e.id, e.result]),
        [
          ['e2', 'notSent'],
          ['e1', 'sending'],
        ],
      );
      assert.deepEqual(history.get('e2')?.content, entry(2).content);
      await history.put(entry(2, 'failed'));
      assert.equal(file.json().entries[0].result, 'notSent');
    });

    it('on loading, marks sends of an extension host that is gone as not sent, and leaves live ones', async () => {
      file.text = JSON.stringify({ version: 1, entries: [{ ...entry(2, 'sending'), host: 300 }, { ...entry(1, 'sending'), host: 100 }, { ...entry(0, 'sending') }] });
      await history.load();
      assert.deepEqual(
        history.entries().map((e) => [e.id, e.result, e.host]),
        [
          ['e2', 'notSent', undefined],
          ['e1', 'sending', 100],
          ['e0', 'notSent', undefined],
        ],
      );
      assert.deepEqual(history.get('e2')?.content, entry(2).content);
    });

    it('marks as not sent a send left sending for longer than any send takes, even if its process id is alive again', async () => {
      file.text = JSON.stringify({ version: 1, entries: [{ ...entry(1, 'sending'), host: 100 }] });
      const later = new SendHistory(file, log, { host: 100, isAlive: () => true, now: () => entry(1).time + STALE_SENDING_MS + 1 });
      await later.load();
      assert.deepEqual(
        later.entries().map((e) => [e.id, e.result]),
        [['e1', 'notSent']],
      );
    });
  });

  it('clears every entry but those being sent, and tells its listeners of each change', async () => {
    let changes = 0;
    history.onDidChange(() => (changes += 1));
    await history.put(entry(1));
    await history.put(entry(2, 'sending'));
    await history.put(entry(3, 'failed'));
    await history.clear();
    assert.deepEqual(ids(history.entries()), ['e2']);
    await history.remove('e2');
    assert.deepEqual(history.entries(), []);
    assert.equal(changes, 5);
  });
});
