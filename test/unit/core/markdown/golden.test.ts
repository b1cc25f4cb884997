import { AssertionError, strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, goldenText, lineDiff } from './support';

/**
 * Golden corpus: each `test/fixtures/markdown/<name>.md` converts to `<name>.expected.md`. An expected
 * file starts with two header lines, `title: …` (`(none)` when there is none) and `unresolved: […]`
 * (the srcs left as alt text, as JSON), then a blank line, then the exact text DingTalk gets.
 *
 * The expected files are the specification, written and read as a DingTalk user would see the message.
 * Every fixture is converted with the same options: every local image is uploaded except those whose
 * name contains "missing" (media_id `@lADOfake-<file name>`), and relative links resolve to a web
 * repository at a fixed commit, except `../` links that leave it.
 */
const names = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.md') && !file.endsWith('.expected.md'))
  .map((file) => file.slice(0, -'.md'.length))
  .sort();

describe('core/markdown golden corpus', () => {
  it('has a corpus of at least 8 documents, each with its expected output', () => {
    assert.ok(names.length >= 8, `only ${names.length} fixtures`);
    const expected = new Set(readdirSync(FIXTURES).filter((f) => f.endsWith('.expected.md')));
    for (const name of names) {
      assert.ok(expected.has(`${name}.expected.md`), `${name}.md has no ${name}.expected.md`);
    }
  });

  for (const name of names) {
    it(`converts ${name}.md as ${name}.expected.md says`, () => {
      const source = readFileSync(join(FIXTURES, `${name}.md`), 'utf8');
      const expected = readFileSync(join(FIXTURES, `${name}.expected.md`), 'utf8');
      const actual = goldenText(source);
      if (actual !== expected) {
        throw new AssertionError({ message: `${name}.md converts differently from ${name}.expected.md:\n${lineDiff(expected, actual)}` });
      }
    });
  }
});
