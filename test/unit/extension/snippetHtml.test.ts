import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { unescapeHtmlText } from '../../../src/core';
import { buildSnippet, dedent } from '../../../src/extension/snippet';
import { clientView } from '../../sim/clientView';
import { english } from '../../support/extensionHarness';

const MARKUP = /<[A-Za-z/!?]/;

const codeLine = fc
  .array(fc.oneof(fc.constantFrom('List<String>', '<div>', '</Button>', 'a<b>c', '<>', '&amp;', '&copy;', 'a && b', 'x < y', '=>', '  ', '\t', '中文'), fc.string({ maxLength: 5 })), { maxLength: 6 })
  .map((parts) => parts.join(' ').replace(/\r|\n/g, ''));

describe('snippet text is HTML-safe', () => {
  it('escapes List<T>, JSX, a<b>c and &amp; in the code and the path', () => {
    const snippet = buildSnippet({ relativePath: 'src/<App>.tsx', languageId: 'typescriptreact', text: 'const xs: List<T> = [];\nreturn <Button>a<b>c &amp;</Button>;' }, undefined, english);
    assert.equal(snippet?.text, '**src/&lt;App>.tsx**\n\n```tsx\nconst xs: List&lt;T> = [];\nreturn &lt;Button>a&lt;b>c &amp;amp;&lt;/Button>;\n```');
  });

  it('property: a snippet holds no markup, its code reads back as selected, and the phone shows it', () => {
    fc.assert(
      fc.property(fc.array(codeLine, { minLength: 1, maxLength: 8 }), (lines) => {
        const code = lines.join('\n');
        fc.pre(code.trim() !== '');
        const snippet = buildSnippet({ relativePath: 'src/a.ts', languageId: 'typescript', text: code }, [{ startLine: 1, endLine: lines.length, text: code }], english);
        assert.ok(snippet);
        assert.doesNotMatch(snippet.text, MARKUP);
        const body = snippet.text.split('\n').slice(3, -1).join('\n');
        const first = lines.findIndex((l) => l.trim());
        const last = lines.length - 1 - [...lines].reverse().findIndex((l) => l.trim());
        assert.equal(unescapeHtmlText(body), dedent(lines.slice(first, last + 1)).join('\n'));
        const view = clientView('markdown', { markdown: { text: snippet.text } });
        assert.ok(view && !view.phone.blank && view.desktop.htmlTags.length === 0);
        for (const line of lines.filter((l) => l.trim())) {
          assert.ok(view.phone.text.includes(line.trim()), `the phone shows ${JSON.stringify(line.trim())}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
