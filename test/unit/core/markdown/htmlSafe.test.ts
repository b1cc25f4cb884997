import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { convertMarkdown, escapeHtmlText, htmlSafeMarkdown, unescapeHtmlText } from '../../../../src/core/markdown';
import * as build from '../../../../src/core/messages';
import { planMarkdown } from '../../../../src/core/parts';
import { clientView } from '../../../sim/clientView';

/** What a DingTalk client takes for the start of markup: it blanks the message on the phone. */
const MARKUP = /<[A-Za-z/!?]/;

const convert = (source: string): string => convertMarkdown(source).text;

/** The lines of every fenced block in `text`, fence lines left out. */
function fencedLines(text: string): string[] {
  const out: string[] = [];
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^[ \t]*(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open && m) {
      open = m[1];
    } else if (open && m && m[1][0] === open[0] && m[1].length >= open.length && !m[2].trim()) {
      open = undefined;
    } else if (open) {
      out.push(line.trim());
    }
  }
  return out;
}

const htmlish = fc.constantFrom(
  'List<String>',
  'Map<K, V>',
  '<div class="x">',
  '</div>',
  '<Button onClick={() => go()}>Go</Button>',
  '<>fragment</>',
  'a<b>c',
  '<br/>',
  '<!-- note -->',
  '<?xml version="1.0"?>',
  '<!DOCTYPE html>',
  'x < y',
  'a <- b',
  '<3',
  '->',
  '=>',
  '&',
  'a && b',
  '&amp;',
  '&lt;div&gt;',
  '&copy;',
  '&#x4e2d;',
  '&#20013;',
  '&nbsp',
  '&param=1',
  'AT&T',
  '中文',
  '😀',
  '\t',
  '  ',
  'plain',
  '`',
  '\\',
);
const literal = fc.array(fc.oneof({ weight: 4, arbitrary: htmlish }, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join(''));
const codeLine = fc.array(htmlish, { maxLength: 6 }).map((parts) => parts.join(' '));

describe('core/markdown/htmlSafe', () => {
  describe('escapeHtmlText', () => {
    it('writes what would start markup as an entity', () => {
      assert.equal(escapeHtmlText('List<String>'), 'List&lt;String>');
      assert.equal(escapeHtmlText('<Button onClick={go}>Go</Button>'), '&lt;Button onClick={go}>Go&lt;/Button>');
      assert.equal(escapeHtmlText('a<b>c'), 'a&lt;b>c');
      assert.equal(escapeHtmlText('<!-- c --> <?php'), '&lt;!-- c --> &lt;?php');
    });

    it('writes an & that could start a character reference as &amp;, so the author\'s &amp; stays &amp;', () => {
      assert.equal(escapeHtmlText('&amp;'), '&amp;amp;');
      assert.equal(escapeHtmlText('&copy; &#169; &#xA9; &para=1'), '&amp;copy; &amp;#169; &amp;#xA9; &amp;para=1');
    });

    it('leaves what no HTML reader takes for markup', () => {
      for (const text of ['a < b', 'a <- b', '<3', 'x > y', 'a && b', 'x &= 1', 'AT& T', '->', '=>', 'if (a<=b)']) {
        assert.equal(escapeHtmlText(text), text);
      }
    });

    it('property: the escaped text holds no markup start, and reads back as the original', () => {
      fc.assert(
        fc.property(literal, (text) => {
          const escaped = escapeHtmlText(text);
          assert.doesNotMatch(escaped, MARKUP);
          assert.equal(unescapeHtmlText(escaped), text);
          // Markdown made safe again is left alone: nothing is escaped twice.
          assert.equal(htmlSafeMarkdown(escaped), escaped);
        }),
      );
    });
  });

  describe('htmlSafeMarkdown', () => {
    it('escapes tags in markdown written by hand and keeps its entities and markdown', () => {
      assert.equal(htmlSafeMarkdown('> quote with <div>\n\n- `List<T>` &copy; &#x4e2d; &amp;'), '> quote with &lt;div>\n\n- `List&lt;T>` &copy; &#x4e2d; &amp;');
    });

    it('is what the markdown builder and planMarkdown send', () => {
      const message = build.markdown('t', 'a <b>bold</b> move');
      assert.equal(message.type === 'markdown' && message.text, 'a &lt;b>bold&lt;/b> move');
      const { messages } = planMarkdown({ kind: 'webhook' }, 't', '<div>hi</div>');
      assert.deepEqual(
        messages.map((m) => m.type === 'markdown' && m.text),
        ['&lt;div>hi&lt;/div>'],
      );
    });

    it('leaves plain text messages alone: they are not markdown', () => {
      const message = build.text('a <b>c</b>');
      assert.equal(message.type === 'text' && message.content, 'a <b>c</b>');
    });

    it('counts the escaped size when splitting, and cuts no entity in half', () => {
      const long = `${'<b>'.repeat(4000)}`;
      const { messages } = planMarkdown({ kind: 'webhook' }, 't', long);
      const texts = messages.map((m) => (m.type === 'markdown' ? m.text : ''));
      assert.ok(texts.length > 1);
      for (const text of texts) {
        assert.ok(Buffer.byteLength(JSON.stringify(build.toWebhookBody(build.markdown('t (1/9)', text)))) <= 20_000);
        const body = text.replace(/^\(\d+\/\d+\)\n\n/, '');
        assert.doesNotMatch(body, /&(?!lt;)|^(?:lt;|t;|;)/);
      }
      assert.equal(unescapeHtmlText(texts.map((t) => t.replace(/^\(\d+\/\d+\)\n\n/, '')).join('')), long);
    });
  });

  describe('documents', () => {
    it('escapes List<T>, JSX, a<b>c and the author\'s &amp; inside and outside fences', () => {
      const source = [
        '`List<T>` and `a<b>c` in code, &lt;Button /&gt; and a &amp;amp; in text, &amp; alone',
        '',
        '```tsx',
        'const list: List<T> = [];',
        'return <Button onClick={go}>a<b>c</Button>;',
        'const entity = "&amp;";',
        '```',
      ].join('\n');
      assert.equal(
        convert(source),
        [
          '`List&lt;T>` and `a&lt;b>c` in code, &lt;Button /> and a &amp;amp; in text, & alone',
          '',
          '```tsx',
          'const list: List&lt;T> = [];',
          'return &lt;Button onClick={go}>a&lt;b>c&lt;/Button>;',
          'const entity = "&amp;amp;";',
          '```',
        ].join('\n'),
      );
    });

    it('escapes a table\'s cells, drawn as a code block or as lines', () => {
      assert.doesNotMatch(convert('| a | b |\n|---|---|\n| `List<T>` | a &lt;b&gt; c |'), MARKUP);
      assert.match(convert('| a | b |\n|---|---|\n| `List<T>` | a &lt;b&gt; c |'), /List&lt;T>/);
    });

    it('keeps the author\'s entities working: they arrive as the characters they stand for', () => {
      assert.equal(convert('&copy; 2026 &#x4e2d;&#25991; &mdash; &lt;b&gt;'), '© 2026 中文 — &lt;b>');
    });

    it('shows the phone the document: not blank, with the code and its tags as written', () => {
      const view = clientView('markdown', { markdown: { text: convert('Use `List<T>`:\n\n```java\nList<String> names;\n```') } });
      assert.ok(view && !view.phone.blank);
      assert.match(view.phone.text, /Use `List<T>`:/);
      assert.match(view.phone.text, /List<String> names;/);
      assert.deepEqual(view.desktop.htmlTags, []);
    });

    it('property: no part of a converted document holds markup, and its code reads as written', () => {
      // No backticks or tildes (a fence or a code span), and no `<!` or `<?` left open: an HTML block
      // opened that way runs to its end marker, swallowing the fences after it, as in any markdown reader.
      const words = literal.map((t) => t.replace(/[`~]/g, ' ').replace(/<([!?])/g, '< $1'));
      const markup = fc.constantFrom('<b>bold</b>', '<div>x</div>', '<!-- note -->', '<?xml version="1.0"?>', '<Button onClick={go} />', 'a<b>c');
      const paragraph = fc.array(fc.oneof(words, markup), { minLength: 1, maxLength: 4 }).map((p) => p.join(' ').trim() || 'x');
      const fence = fc.array(codeLine.map((l) => l.replace(/`|~/g, '')), { minLength: 1, maxLength: 6 });
      const blocks = fc.array(
        fc.oneof(
          paragraph,
          fence.map((lines) => ({ code: lines })),
          codeLine.map((l) => `- item \`${l.replace(/`/g, '')}\``),
          paragraph.map((p) => `> ${p}`),
        ),
        { minLength: 1, maxLength: 6 },
      );
      fc.assert(
        fc.property(blocks, (items) => {
          const source = items.map((b) => (typeof b === 'string' ? b : ['```', ...b.code, '```'].join('\n'))).join('\n\n');
          const { text } = convertMarkdown(source);
          assert.doesNotMatch(text, MARKUP);
          for (const part of planMarkdown({ kind: 'webhook' }, 't', text || 'x').messages) {
            assert.doesNotMatch(part.type === 'markdown' ? part.text : '', MARKUP);
          }
          const code = items.flatMap((b) => (typeof b === 'string' ? [] : b.code.map((l) => l.trim())));
          assert.deepEqual(fencedLines(text).map(unescapeHtmlText), code);
        }),
        { numRuns: 150 },
      );
    });
  });
});
