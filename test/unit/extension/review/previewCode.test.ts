import { strict as assert } from 'node:assert';
import { previewHtml } from '../../../../src/extension/review/previewHtml';
import { buildPreviewModel } from '../../../../src/extension/review/previewModel';
import { buildSnippet } from '../../../../src/extension/snippet';
import { english, startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

describe('review/previewHtml: code as the desktop shows it', () => {
  let h: ExtensionHarness;
  beforeEach(async () => {
    h = await startExtensionHarness();
  });
  afterEach(() => h.stop());

  it('shows escaped code as written, not as entities, and still runs none of it', async () => {
    const robot = await h.services.robots.add({ ...h.drafts.plain, name: 'Team' });
    const snippet = buildSnippet({ relativePath: 'src/a.tsx', languageId: 'typescriptreact', text: 'const a: List<T> = <script>x()</script>; // &amp;' }, undefined, english);
    assert.ok(snippet);
    const page = previewHtml(buildPreviewModel(h.services, { robot, kind: 'selection', title: snippet.label, text: snippet.text }), 'bm9uY2Vub25jZW5vbmNl');
    assert.match(page, /<code class="language-tsx">const a: List&lt;T&gt; = &lt;script&gt;x\(\)&lt;\/script&gt;; \/\/ &amp;amp;\n<\/code>/);
    assert.equal(page.match(/<script/g)?.length, 1);
  });
});
