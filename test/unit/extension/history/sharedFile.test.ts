import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../../../../src/extension/history/entry';
import { SendHistory } from '../../../../src/extension/history/store';
import { DiskHistoryFile } from '../../../support/diskHistoryFile';
import { CapturingLogger } from '../../../support/harness';

function entry(window: string, n: number): HistoryEntry {
  return { id: `${window}-${n}`, time: 1_700_000_000_000 + n, robotId: 'r1', robotName: 'Team', kind: 'message', summary: `${window} ${n}`, size: 1, result: 'sent', content: { text: 'x', language: 'dingtalk-message' } };
}

describe('history/store on a shared file', () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dingtalk-history-'));
    path = join(dir, 'history.json');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('two windows recording at the same moment lose nothing: each change holds the lock from read to write', async () => {
    const a = new SendHistory(new DiskHistoryFile(path), new CapturingLogger());
    const b = new SendHistory(new DiskHistoryFile(path), new CapturingLogger());
    await Promise.all(Array.from({ length: 15 }, (_, n) => [a.put(entry('a', n)), b.put(entry('b', n))]).flat());
    await Promise.all([a.settled(), b.settled()]);
    const written = JSON.parse(await readFile(path, 'utf8')) as { entries: HistoryEntry[] };
    assert.equal(written.entries.length, 30);
    assert.equal(new Set(written.entries.map((e) => e.id)).size, 30);
  });

  it('still backs up a corrupted file before replacing it', async () => {
    await writeFile(path, '{"version":1,"entries":[', 'utf8');
    const log = new CapturingLogger();
    const history = new SendHistory(new DiskHistoryFile(path), log);
    await history.put(entry('a', 1));
    assert.equal(await readFile(`${path}.bak`, 'utf8'), '{"version":1,"entries":[');
    assert.equal((JSON.parse(await readFile(path, 'utf8')) as { entries: unknown[] }).entries.length, 1);
  });
});
