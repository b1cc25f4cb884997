import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type MarkdownIt from 'markdown-it';
import { generateMarkdown } from '../../../../bench/markdown/generate';
import { convert, convertMarkdown } from '../../../../src/core/markdown/convert';
import { md } from '../../../../src/core/markdown/markdownIt';
import { FIXTURES, goldenOptions } from './support';

/**
 * convertMarkdown reads a document in sections: each run of top-level blocks as soon as markdown-it has
 * parsed it, and a run that refers to a link reference or footnote not defined yet once the whole
 * document is parsed. That must read exactly as reading the whole document's tokens after parsing it.
 */
const TRICKY: Record<string, string> = {
  'link references defined after use, in another section': [
    'See [the guide][guide], [Guide] and ![logo][pic] before they are defined.',
    '',
    '# Middle',
    '',
    '> Quoted [guide] and [missing] reference.',
    '',
    '[guide]: https://example.com/guide "The guide"',
    '[pic]: ./images/logo.png',
    '',
    '- item with [later]',
    '',
    '[later]: https://example.com/later',
    '[guide]: https://example.com/second-definition-loses',
    '',
    '> [quoted]: https://example.com/defined-in-a-quote',
    '',
    'Uses [quoted] and [constructor].',
  ].join('\n'),
  'footnotes referenced before their definition': [
    'First mention[^a] and a second[^b], an inline one^[right here].',
    '',
    'Again[^a], and one never defined[^nope].',
    '',
    '中文的脚注[^b]。',
    '',
    '[^a]: The first note, with ![a picture](./missing-note.png).',
    '',
    '[^b]: The second note.',
    '',
    '    Its second paragraph, indented.',
    '',
    'After the notes[^a].',
  ].join('\n'),
  'a footnote defined twice, the last definition counting': ['Note[^d] here.', '', '[^d]: first', '', 'Between the definitions.', '', '[^d]: second', '', 'And again[^d].'].join('\n'),
  'footnotes that show each other': ['Loop[^x] and[^y].', '', '[^x]: X shows[^y]', '', '[^y]: Y shows[^x]'].join('\n'),
  'lists whose items are separated by blank lines': [
    '- one',
    '',
    '- two',
    '',
    '',
    '- three',
    '  continued',
    '',
    '  second paragraph of three',
    '',
    '1. first',
    '',
    '2. second',
    '   - nested',
    '',
    '     nested paragraph',
    '',
    '* other bullet starts another list',
    '',
    '- [ ] task',
    '',
    '- [x] done',
  ].join('\n'),
  'fenced code containing blank lines and # lines': [
    '```bash',
    '# not a heading',
    '',
    '',
    '[x]: not-a-definition',
    '> not a quote',
    '```',
    '',
    '~~~~',
    '```',
    '',
    '# still code',
    '~~~~',
    '',
    '```',
    'unclosed fence',
    '',
    '# to the end',
  ].join('\n'),
  'indented code': ['Text.', '', '    code line 1', '', '    code line 2 after a blank', '', '        deeper', '', 'Text again.'].join('\n'),
  'HTML blocks with blank lines': [
    '<div>',
    '<p>one</p>',
    '',
    'between, *markdown*',
    '',
    '</div>',
    '',
    '<!-- a comment',
    '',
    '# not a heading',
    '',
    '-->',
    '',
    '<pre>',
    'kept',
    '',
    'as is',
    '</pre>',
    '',
    '<details><summary>More</summary>',
    '',
    'Inside [guide].',
    '',
    '</details>',
    '',
    '[guide]: https://example.com/g',
  ].join('\n'),
  tables: [
    '| a | b |',
    '|:--|--:|',
    '| 1 | [link][t] |',
    '| 中文 | `x` |',
    '',
    '| only | header |',
    '| --- | --- |',
    '',
    '[t]: https://example.com/t',
  ].join('\n'),
  'block quotes spanning blank lines': ['> [!NOTE]', '> first', '>', '> second, same quote', '', '> another quote', '', '>> nested', '>', '> > [ref]', '', '[ref]: https://example.com/r'].join('\n'),
  'setext headings': ['Title', '=====', '', 'Sub *title*', '---', '', 'Paragraph', '', '---', '', 'Two line', 'heading', '-------'].join('\n'),
  'lazy continuation lines': ['> quoted', 'lazy line', '', '- item', 'lazy item line', '', '1. one', '   two', 'lazy', '', 'para', 'continued'].join('\n'),
  'math blocks': ['$$', 'a^2 + b^2', '', '$$', '', '$$', 'x = 1', '$$', '', 'Inline $x$ and $5 and $10.', '', '$$ y = 2 $$', '', '- $$', '  z', '  $$'].join('\n'),
  'CRLF and front matter': '---\r\ntitle: From front matter\r\n---\r\n\r\n# Heading\r\n\r\nText [r].\r\n\r\n[r]: https://example.com/crlf\r\n',
};

function bothWays(source: string): void {
  const options = goldenOptions(source);
  assert.deepEqual(convert(source, options, true), convert(source, options, false));
}

describe('core/markdown read in sections', () => {
  for (const [name, source] of Object.entries(TRICKY)) {
    it(`reads as the whole document does: ${name}`, () => bothWays(source));
  }

  it('shows what lies between two definitions of one footnote (it was once skipped with the first definition)', () => {
    const text = convert(TRICKY['a footnote defined twice, the last definition counting'], {}, true).text;
    assert.equal(text, 'Note (second) here.\n\nBetween the definitions.\n\nAnd again (second).');
  });

  it('reads all the tricky documents as one document as the whole document does', () => bothWays(Object.values(TRICKY).join('\n\n')));

  it('reads every golden fixture as the whole document does', () => {
    const names = readdirSync(FIXTURES).filter((file) => file.endsWith('.md') && !file.endsWith('.expected.md'));
    assert.ok(names.length >= 8);
    for (const name of names) {
      bothWays(readFileSync(join(FIXTURES, name), 'utf8'));
    }
  });

  it("reads the bench's generated document as the whole document does", () => {
    bothWays(generateMarkdown(100_000));
  });

  it('reads a block while markdown-it is still parsing the rest, unless it refers to something defined later', () => {
    // Where the parse is when each link is resolved: a counter rule that only looks.
    let parsedTo = 0;
    const counter = (_state: MarkdownIt.StateBlock, startLine: number): boolean => {
      parsedTo = Math.max(parsedTo, startLine);
      return false;
    };
    md.blocks.block.ruler.before('table', 'test_parsed_to', counter);
    try {
      const source = ['[early](./a.md)', '', '[late][ref] waits', '', ...Array.from({ length: 50 }, (_, i) => `Paragraph ${i}.\n`), '[ref]: ./b.md'].join('\n');
      const resolvedAt = new Map<string, number>();
      convert(source, { resolveLink: (href) => (resolvedAt.set(href, parsedTo), href) }, true);
      assert.ok((resolvedAt.get('./a.md') ?? Infinity) < 10, `the first block was read at line ${resolvedAt.get('./a.md')}`);
      assert.ok((resolvedAt.get('./b.md') ?? 0) > 90, `the forward reference was read at line ${resolvedAt.get('./b.md')}`);
    } finally {
      md.blocks.block.ruler.disable('test_parsed_to');
    }
  });

  it('still reads in sections after a conversion run from inside it (an option converting another document)', () => {
    let parsedTo = 0;
    const counter = (_state: MarkdownIt.StateBlock, startLine: number): boolean => {
      parsedTo = Math.max(parsedTo, startLine);
      return false;
    };
    md.blocks.block.ruler.before('table', 'test_parsed_to_nested', counter);
    try {
      const source = ['[early](./a.md)', '', ...Array.from({ length: 50 }, (_, i) => `Paragraph ${i}.\n`), '[middle](./m.md)', '', ...Array.from({ length: 50 }, (_, i) => `More ${i}.\n`)].join('\n');
      const resolvedAt = new Map<string, number>();
      const inner: string[] = [];
      const resolveLink = (href: string): string => {
        resolvedAt.set(href, parsedTo);
        if (href === './a.md') {
          inner.push(convertMarkdown('Inner *text*.').text);
        }
        return href;
      };
      const outer = convert(source, { resolveLink }, true);
      assert.deepEqual(inner, ['Inner *text*.']);
      assert.deepEqual(outer, convert(source, { resolveLink: (href) => href }, false));
      assert.ok((resolvedAt.get('./m.md') ?? Infinity) < 110, `the block after the nested conversion was read at line ${resolvedAt.get('./m.md')}`);
    } finally {
      md.blocks.block.ruler.disable('test_parsed_to_nested');
    }
  });

  it('leaves no parse behind when a rule throws mid-parse: the next conversion reads normally', () => {
    const failing = (state: MarkdownIt.StateBlock, startLine: number): boolean => {
      if (state.src.includes('BOOM') && startLine > 3) {
        throw new Error('plugin failed');
      }
      return false;
    };
    md.blocks.block.ruler.before('table', 'test_failing', failing);
    try {
      assert.throws(() => convertMarkdown('One [a].\n\nTwo.\n\nBOOM\n\n[a]: https://example.com/a\n'), /plugin failed/);
    } finally {
      md.blocks.block.ruler.disable('test_failing');
    }
    const source = 'Before [a].\n\n[a]: https://example.com/a\n\n[^n]: note\n\nAfter[^n].';
    assert.deepEqual(convertMarkdown(source), convert(source, {}, false));
    assert.equal(convertMarkdown(source).text, 'Before [a](https://example.com/a).\n\nAfter (note).');
  });
});
