import { strict as assert } from 'node:assert';
import { againstNeighbours } from '../../../bench/markdown';

describe('bench/markdown: each core run against the reference runs around it', () => {
  it('divides each run by the mean of the reference runs just before and just after it', () => {
    // reference 100, core 150, reference 200, core 300, reference 100
    assert.deepEqual(
      againstNeighbours([150, 300], [100, 200, 100], (ms) => ms),
      [1, 2],
    );
  });

  it('refuses runs that did not take turns with one more reference run', () => {
    assert.throws(() => againstNeighbours([1, 2], [1, 2], (ms) => ms), /expected 3 reference runs/);
  });
});
