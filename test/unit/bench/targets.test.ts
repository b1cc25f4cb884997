import { strict as assert } from 'node:assert';
import type { Section } from '../../../bench/lib/section';
import { targets } from '../../../bench/targets';

/** The Upload section as bench/upload.ts reports its figures (made-up values). */
const upload: Section = {
  title: 'Upload',
  method: '',
  columns: [],
  rows: [],
  notes: [],
  figures: { uploadVsCurl: 0.9, uploadRepeatVsCurl: 0.95, uploadPeakRss: 2 * 1024 * 1024, uploadUnsettledVsCurl: 0.5, uploadUnsettledPeakRss: 30 * 1024 * 1024 },
};

describe('bench/targets: the upload rows compare only figures measured the same way', () => {
  const rows = targets([{ section: upload, load: 1 }], false).rows;
  const row = (label: RegExp): string[] => {
    const found = rows.find(([name]) => label.test(name));
    assert.ok(found, String(label));
    return found;
  };

  it('gives the rows "once idle" no figure before: before, the upload started straight after the first answers', () => {
    for (const label of [/vs curl -F, first in a fresh process \(once idle\)/, /peak RSS growth \(once idle\)/]) {
      const [, before, now, ratio] = row(label);
      assert.deepEqual([before, ratio], ['n/a', ''], `${label}: ${now} is not compared with a figure measured otherwise`);
    }
  });

  it('compares the rows "straight after the first answers" with the figures before, against issue 17\'s targets', () => {
    const [, before, now, ratio, goal] = row(/vs curl -F, straight after/);
    assert.deepEqual([before, now, ratio, goal], ['0.48×', '0.50×', '1.04×', '≥ 0.85×']);
    const [, rssBefore, , , rssGoal] = row(/peak RSS growth, straight after/);
    assert.deepEqual([rssBefore, rssGoal], ['32.8 MB', '≤ 10 MB']);
  });
});
