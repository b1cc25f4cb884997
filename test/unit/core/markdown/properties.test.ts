import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { convertMarkdown, localImages, splitMarkdown } from '../../../../src/core/markdown';
import { assertParts, fencesBalanced, HTML_TAG, outsideCode } from './support';

const words = fc.constantFrom(
  'alpha', 'beta', 'queue', 'robot', 'snake_case', 'x*y', '5 * 3', 'a_b_', '#tag', '1.', '-', '>', '|', '[x]', 'C:\\dir',
  '钉钉', '消息', '测试', '中文句子。', '😀', '✅', 'café', 'e\u0301', '&amp;', '&lt;div&gt;', '<3', '$5', '`', '~~', '\\', 'www.example.com',
);
const sentence = fc.array(words, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const localSrc = fc.constantFrom('img/a.png', './img/b.png', '/abs/c.png', 'file:///tmp/d.png', 'shots/e f.png', 'C:\\pics\\g.png', 'img/%E5%9B%BE.png');
const inline = fc.oneof(
  { weight: 6, arbitrary: sentence },
  sentence.map((s) => `**${s}**`),
  sentence.map((s) => `*${s}*`),
  sentence.map((s) => `\`${s.replace(/`/g, '')}\``),
  fc.tuple(sentence, fc.constantFrom('https://example.com/a', 'docs/setup.md#x', '../up.md', '#anchor')).map(([t, h]) => `[${t.replace(/[[\]]/g, '')}](${h})`),
  fc.tuple(fc.constantFrom('alt', '图', ''), localSrc).map(([alt, src]) => (src.includes(' ') ? `![${alt}](<${src}>)` : `![${alt}](${src})`)),
  fc.constantFrom('![r](https://example.com/r.png)', '![](data:image/png;base64,AAAA)', '[![b](https://img.shields.io/badge/a-b-c)](https://ci.example.com)'),
  fc.constantFrom('<b>bold</b>', '<kbd>K</kbd>', '<br>', '<sup>2</sup>', '<span style="x">s</span>', '<a href="docs/x.md">x</a>', '<!-- c -->', '<img src="img/h.png" alt="h">', '<i>open'),
  fc.constantFrom('$x^2$', 'note[^1]', 'inline^[foot]'),
);
const line = fc.array(inline, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' '));
const codeLine = fc.constantFrom('let a = 1;', '```', '~~~', '    ```js', '<div>html in code</div>', '中文注释 // 😀', '| a | b |', '# not a heading', '');
const fence = fc
  .tuple(fc.constantFrom('```', '~~~', '````'), fc.constantFrom('', 'ts', 'mermaid', 'python'), fc.array(codeLine, { maxLength: 12 }))
  .map(([marker, lang, lines]) => [marker + lang, ...lines.filter((l) => !l.startsWith(marker[0].repeat(3)) || marker.length > 3 || l.trim() !== marker), marker].join('\n'));
const cell = fc.oneof(sentence, inline).map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' '));
const table = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }))
  .map(([columns, rows]) => {
    const row = (cells: string[]): string => `| ${cells.slice(0, columns).join(' | ')} |`;
    const aligns = Array.from({ length: columns }, (_, i) => [':--', ':-:', '--:', '---'][i % 4]);
    return [row(Array.from({ length: columns }, (_, i) => `H${i}`)), `|${aligns.join('|')}|`, ...rows.map(row)].join('\n');
  });
const list: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('- ', '1. ', '- [ ] ', '- [x] '), fc.array(fc.tuple(line, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 5 }))
  .map(([marker, items]) =>
    items
      .map(([text, nested, code]) => {
        const indent = ' '.repeat(marker.startsWith('1') ? 3 : 2);
        const lines = [`${marker}${text}`];
        if (nested) {
          lines.push(`${indent}- nested ${text}`, `${indent}  1. deeper`);
        }
        if (code) {
          lines.push(`${indent}\`\`\`sh`, `${indent}echo "${text.replace(/`/g, '')}"`, `${indent}\`\`\``);
        }
        return lines.join('\n');
      })
      .join('\n'),
  );
const html = fc.constantFrom(
  '<p align="center">\n  <img src="img/logo.png" alt="Logo" width="100">\n  <br>\n  <b>Caption</b>\n</p>',
  '<details>\n<summary>More</summary>\n\nHidden text.\n\n</details>',
  '<table><tr><th>k</th><th>v</th></tr><tr><td><a href="https://x.org"><img src="img/t.png"></a></td><td>1</td></tr></table>',
  '<div align="center">\n<h1>Title <code>v2</code></h1>\n</div>',
  '<ul><li>one<li>two <em>em</em></ul>',
  '<pre><code class="language-js">a &lt; b</code></pre>',
);
const block = fc.oneof(
  { weight: 4, arbitrary: line },
  fc.tuple(fc.integer({ min: 1, max: 6 }), line).map(([level, text]) => `${'#'.repeat(level)} ${text}`),
  { weight: 2, arbitrary: fence },
  table,
  list,
  html,
  line.map((text) => `> ${text}\n> ## quoted heading\n> \`\`\`js\n> q()\n> \`\`\``),
  fc.constant('$$\na^2 + b^2\n$$'),
  fc.constant('---'),
);
const document = fc
  .tuple(fc.option(fc.constant('---\ntitle: Generated\n---\n'), { nil: '' }), fc.array(block, { minLength: 1, maxLength: 25 }))
  .map(([front, blocks]) => `${front}${blocks.join('\n\n')}\n\n[^1]: Footnote with ![fn](img/fn.png).`);

describe('core/markdown properties', () => {
  it('never leaves an HTML tag outside code, and keeps every fence closed', () => {
    fc.assert(
      fc.property(document, (source) => {
        const { text } = convertMarkdown(source, { resolveLink: (href) => `https://git.example.com/${href}` });
        const tag = HTML_TAG.exec(outsideCode(text));
        assert.equal(tag, null, `HTML tag ${tag?.[0]} left in:\n${text}`);
        assert.ok(fencesBalanced(text), `unbalanced fence in:\n${text}`);
      }),
      { numRuns: 150 },
    );
  });

  it('shows every local image by its media_id or reports it, never both, never neither', () => {
    fc.assert(
      fc.property(document, fc.infiniteStream(fc.boolean()), (source, coin) => {
        const listed = localImages(source);
        assert.equal(new Set(listed.map((i) => i.src)).size, listed.length, 'an image listed twice');
        const uploaded = listed.filter(() => coin.next().value as boolean);
        const images = new Map(uploaded.map((image, n) => [image.src, `@lADOmedia${n}x`]));
        const { text, unresolvedImages } = convertMarkdown(source, { images });
        for (const [src, mediaId] of images) {
          assert.ok(text.includes(`](${mediaId})`), `uploaded ${src} not shown`);
        }
        assert.deepEqual(
          unresolvedImages.map((i) => i.src),
          listed.filter((i) => !images.has(i.src)).map((i) => i.src),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('splits any converted document into parts under the limit with balanced fences', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 64, max: 4_000 }), (source, limit) => {
        const { text } = convertMarkdown(source);
        assertParts(splitMarkdown(text, limit), limit);
      }),
      { numRuns: 150 },
    );
  });
});
