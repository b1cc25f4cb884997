import { strict as assert } from 'node:assert';
import { median, quartiles } from '../../../bench/lib/stats';

describe('bench/lib/stats: the spread printed next to a median', () => {
  it('gives the quartiles between neighbouring values, whatever order the runs came in', () => {
    assert.deepEqual(quartiles([5, 1, 4, 2, 3]), [2, 4]);
    assert.deepEqual(quartiles([4, 1, 3, 2]), [1.75, 3.25]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('is the value itself for one run, and not a number for none', () => {
    assert.deepEqual(quartiles([7]), [7, 7]);
    assert.ok(quartiles([]).every(Number.isNaN));
  });
});
