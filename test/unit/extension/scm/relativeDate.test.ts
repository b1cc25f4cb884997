import { strict as assert } from 'node:assert';
import { relativeDate } from '../../../../src/extension/scm/relativeDate';

describe('scm/relativeDate', () => {
  const now = new Date('2026-12-03T09:00:00Z');
  const ago = (seconds: number): Date => new Date(now.getTime() - seconds * 1000);

  it('says how long ago in English and in Chinese', () => {
    assert.equal(relativeDate(ago(3 * 3600 + 59), now, 'en'), '3 hours ago');
    assert.equal(relativeDate(ago(3 * 3600), now, 'zh-cn'), '3小时前');
    assert.equal(relativeDate(ago(24 * 3600), now, 'en'), 'yesterday');
    assert.equal(relativeDate(ago(20 * 24 * 3600), now, 'en'), '2 weeks ago');
    assert.equal(relativeDate(ago(400 * 24 * 3600), now, 'zh-cn'), '去年');
    assert.equal(relativeDate(ago(10), now, 'en'), 'now');
  });
});
