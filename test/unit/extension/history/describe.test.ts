import { strict as assert } from 'node:assert';
import { describeEntry, formatSize, shortTime } from '../../../../src/extension/history/describe';
import { filesSummary, messageSummary, type HistoryEntry } from '../../../../src/extension/history/entry';
import { chinese, english } from '../../../support/extensionHarness';

const NOON = new Date(2025, 5, 18, 12, 0).getTime();

function entry(fields: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 'e1',
    time: new Date(2025, 5, 18, 9, 5).getTime(),
    robotId: 'r1',
    robotName: 'Team',
    kind: 'selection',
    summary: 'src/app.ts:3–9',
    size: 2048,
    parts: 1,
    result: 'sent',
    content: { text: 'x', language: 'markdown', title: 'src/app.ts:3-9' },
    ...fields,
  };
}

describe('history: how entries are shown', () => {
  it('labels a row with the summary, and describes it with the robot and the time', () => {
    const view = describeEntry({ t: english, locale: 'en' }, entry(), NOON);
    assert.equal(view.label, 'src/app.ts:3–9');
    assert.match(view.description, /^Team · 9:05\sAM$/);
  });

  it('gives each result its icon and a context value the menus select on', () => {
    const cases: Array<[HistoryEntry['result'], boolean, string, string]> = [
      ['sending', true, 'clock', 'entry.sending.content'],
      ['sent', true, 'check', 'entry.sent.content'],
      ['sent', false, 'check', 'entry.sent'],
      ['failed', true, 'error', 'entry.failed.content'],
      ['cancelled', true, 'circle-slash', 'entry.cancelled.content'],
      ['notSent', true, 'warning', 'entry.notSent.content'],
    ];
    for (const [result, withContent, icon, contextValue] of cases) {
      const view = describeEntry({ t: english, locale: 'en' }, entry({ result, content: withContent ? entry().content : undefined }), NOON);
      assert.deepEqual([view.icon, view.contextValue], [icon, contextValue], result);
    }
  });

  it('tells in the tooltip the result with its errcode, the robot, the time, size and parts, the title and the error', () => {
    const view = describeEntry({ t: english, locale: 'en' }, entry({ result: 'failed', errcode: 310000, parts: 3, size: 50_000, error: 'The signature does not match.' }), NOON);
    assert.deepEqual(view.tooltip.split('\n'), [
      'src/app.ts:3–9',
      'Failed (errcode 310000)',
      'Robot: Team',
      `Time: ${new Date(2025, 5, 18, 9, 5).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}`,
      'Size: 48.8 KB in 3 messages',
      'Title: src/app.ts:3-9',
      'The signature does not match.',
    ]);
  });

  it('says why an entry was not sent, and when its content was not kept', () => {
    const notSent = describeEntry({ t: english, locale: 'en' }, entry({ result: 'notSent' }), NOON).tooltip;
    assert.match(notSent, /^Not sent: VS Code closed before DingTalk confirmed it\. Retry sends it\.$/m);
    const capped = describeEntry({ t: english, locale: 'en' }, entry({ content: undefined }), NOON).tooltip;
    assert.match(capped, /The content of this send was not kept/);
  });

  it('speaks Chinese in a Chinese VS Code', () => {
    const view = describeEntry({ t: chinese(), locale: 'zh-cn' }, entry({ result: 'notSent', time: new Date(2025, 5, 17, 21, 30).getTime() }), NOON);
    assert.equal(view.description, 'Team · 6月17日 21:30');
    assert.match(view.tooltip, /^未发送：钉钉确认之前 VS Code 已关闭。/m);
    assert.match(view.tooltip, /^机器人：Team$/m);
  });

  it('shows the time of day today, the date before, and the year only for another year', () => {
    // Intl's spacing differs between ICU versions (a narrow no-break space before AM, say): \s takes either.
    assert.match(shortTime(new Date(2025, 5, 18, 8, 1).getTime(), NOON, 'en'), /^8:01\sAM$/);
    assert.match(shortTime(new Date(2025, 2, 3, 17, 45).getTime(), NOON, 'en'), /^Mar 3,\s5:45\sPM$/);
    assert.match(shortTime(new Date(2024, 11, 31, 23, 59).getTime(), NOON, 'en'), /^Dec 31,\s2024,\s11:59\sPM$/);
    assert.equal(shortTime(new Date(2025, 5, 18, 21, 30).getTime(), NOON, 'zh-cn'), '21:30');
    assert.equal(shortTime(NOON, NOON, 'not a locale!'), shortTime(NOON, NOON, Intl.DateTimeFormat().resolvedOptions().locale));
  });

  it('writes sizes in B, KB and MB', () => {
    assert.deepEqual([formatSize(900), formatSize(2048), formatSize(3 * 1024 * 1024)], ['900 B', '2.0 KB', '3.0 MB']);
  });

  it('summarizes a message by its first line and files by their names', () => {
    assert.equal(messageSummary('  Deploy done  '), 'Deploy done');
    assert.equal(messageSummary('Deploy done\nsee logs'), 'Deploy done…');
    assert.equal(messageSummary('长'.repeat(61)), `${'长'.repeat(60)}…`);
    assert.equal(filesSummary(['/a/report.pdf', '/b/app.ts']), 'report.pdf, app.ts');
    assert.equal(filesSummary(['/1.png', '/2.png', '/3.png', '/4.png', '/5.png']), '1.png, 2.png, 3.png +2');
  });
});
