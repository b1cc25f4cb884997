import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertMarkdown } from '../../../../src/core/markdown';
import { jsonByteLength, splitMarkdown } from '../../../../src/core/split';
import { assertParts, FIXTURES, goldenOptions } from './support';

function section(title: string, paragraphs: number, size = 400): string {
  const body = Array.from({ length: paragraphs }, (_, i) => `${title} paragraph ${i}: ${'lorem ipsum '.repeat(size / 12)}`.trim());
  return [`## ${title}`, ...body].join('\n\n');
}

/** What a part holds once fence lines added at cuts are left out, lines joined: to compare with the source. */
function content(text: string): string {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^[ >]*(`{3,}|~{3,})/.test(line))
    .join('');
}

describe('core/markdown/splitMarkdown', () => {
  it('keeps a document under the limit whole', () => {
    assert.deepEqual(splitMarkdown('# a\n\ntext', 1000), ['# a\n\ntext']);
  });

  it('cuts before a heading rather than filling the part', () => {
    const doc = ['# Guide', section('Install', 3), section('Configure', 3), section('Deploy', 3)].join('\n\n');
    const parts = splitMarkdown(doc, 2_000);
    assert.deepEqual(
      parts.map((p) => p.split('\n')[0]),
      ['# Guide', '## Configure', '## Deploy'],
    );
    assert.equal(parts.join('\n\n'), doc);
  });

  it('falls back to a paragraph when no heading is near enough, and fills the part first', () => {
    const doc = section('Huge', 12);
    const parts = splitMarkdown(doc, 2_000);
    assert.ok(parts.length >= 3);
    for (const part of parts) {
      assert.ok(jsonByteLength(part) <= 2_000);
      assert.ok(jsonByteLength(part) > 1_000, 'a part was cut much shorter than it had to be');
      assert.ok(/^(## Huge|Huge paragraph \d+:)/.test(part), part.slice(0, 40));
    }
  });

  it('does not cut before a heading that would leave a part nearly empty', () => {
    const doc = ['## Tiny', 'one line', section('Big', 10)].join('\n\n');
    const parts = splitMarkdown(doc, 2_000);
    assert.ok(parts[0].startsWith('## Tiny\n\none line\n\n## Big'), parts[0].slice(0, 60));
  });

  it('closes a fence at a cut and reopens it, with its language and quote marker, in the next part', () => {
    const code = Array.from({ length: 200 }, (_, i) => `let value${i} = ${i};`).join('\n');
    const parts = splitMarkdown(`## Code\n\n\`\`\`ts\n${code}\n\`\`\`\n\nafter`, 1_000);
    assert.ok(parts.length > 3);
    assertParts(parts, 1_000);
    for (const part of parts.slice(1, -1)) {
      assert.ok(part.startsWith('```ts\n'), part.slice(0, 20));
    }
    const quoted = `> \`\`\`py\n${Array.from({ length: 100 }, (_, i) => `> x${i} = ${i}`).join('\n')}\n> \`\`\``;
    const quotedParts = splitMarkdown(quoted, 500);
    assertParts(quotedParts, 500);
    assert.ok(quotedParts[1].startsWith('> ```py\n'));
    assert.ok(quotedParts[0].endsWith('\n> ```'));
  });

  it('reopens a fence from a list item at the margin, where it is still a fence', () => {
    const code = Array.from({ length: 100 }, (_, i) => `    echo ${i}`).join('\n');
    const parts = splitMarkdown(`10. Run:\n\n    \`\`\`sh\n${code}\n    \`\`\``, 600);
    assertParts(parts, 600);
    assert.ok(parts[0].endsWith('\n    ```'));
    assert.ok(parts[1].startsWith('```sh\n'));
    assert.ok(parts[1].endsWith('\n```'));
  });

  it('closes, in the last part, a fence the document never closed', () => {
    const parts = splitMarkdown(`\`\`\`js\n${'x();\n'.repeat(300)}`, 500);
    assertParts(parts, 500);
    assert.ok(parts[parts.length - 1].endsWith('\n```'));
  });

  it('cuts an over-long line between characters, never inside one', () => {
    const line = '钉😀a'.repeat(3_000);
    const parts = splitMarkdown(line, 2_000);
    assert.equal(parts.join(''), line);
    for (const part of parts) {
      assert.ok(jsonByteLength(part) <= 2_000);
      assert.ok(!/[\uD800-\uDBFF]$/.test(part), 'ends inside a surrogate pair');
    }
  });

  it('treats CRLF like LF and counts JSON escapes', () => {
    const doc = Array.from({ length: 300 }, (_, i) => `"quoted" line\\${i}`).join('\r\n');
    const parts = splitMarkdown(doc, 1_000);
    assertParts(parts, 1_000);
    assert.ok(parts.every((p) => !p.includes('\r')));
  });

  it('splits the long fixture at headings into parts under the limit, losing nothing', () => {
    const source = readFileSync(join(FIXTURES, 'handbook-long.md'), 'utf8');
    const { text } = convertMarkdown(source, goldenOptions(source));
    assert.ok(jsonByteLength(text) > 40_000);
    for (const limit of [19_000, 6_000, 1_500]) {
      const parts = splitMarkdown(text, limit);
      assertParts(parts, limit);
      assert.equal(content(parts.join('\n')), content(text), `content changed at ${limit}`);
      const atHeading = parts.filter((p) => /^#{1,6} /.test(p)).length;
      if (limit >= 6_000) {
        // Only the 26 KB test helper of section 4.4 is too long for a part: the rest starts at headings.
        const midSection = parts.filter((p) => !/^#{1,6} /.test(p));
        assert.ok(midSection.length > 0);
        for (const part of midSection) {
          assert.ok(part.startsWith('```ts\nexport const case'), `at ${limit}, a part starts mid-section: ${part.slice(0, 60)}`);
        }
      } else {
        assert.ok(atHeading >= parts.length / 3, `at ${limit}, only ${atHeading} of ${parts.length} parts start at a heading`);
      }
    }
  });

  it('refuses a limit too small to hold a fence and a line', () => {
    assert.throws(() => splitMarkdown('x'.repeat(100), 50), RangeError);
  });
});
