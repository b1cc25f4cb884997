import { strict as assert } from 'node:assert';
import { convert } from '../../../../src/core/markdown/convert';
import { generateDocument } from './generatedDocuments';
import { goldenOptions } from './support';

/** Fixed seeds: each gives the same generated document on every run. */
const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);

describe('core/markdown read in sections, generated documents', () => {
  it(`reads ${SEEDS.length} generated documents (references, footnotes, lists, quotes, code, HTML, CRLF) as the whole document does`, () => {
    const differing: number[] = [];
    for (const seed of SEEDS) {
      const source = generateDocument(seed);
      const options = goldenOptions(source);
      try {
        assert.deepEqual(convert(source, options, true), convert(source, options, false));
      } catch {
        differing.push(seed);
      }
    }
    assert.deepEqual(differing, []);
  });

  it('generates the same document from the same seed, and different ones from different seeds', () => {
    assert.equal(generateDocument(7), generateDocument(7));
    assert.notEqual(generateDocument(7), generateDocument(8));
  });
});
