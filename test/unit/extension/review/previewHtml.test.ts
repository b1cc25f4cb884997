import { strict as assert } from 'node:assert';
import { escapeHtml, previewHtml } from '../../../../src/extension/review/previewHtml';
import type { PreviewModel } from '../../../../src/extension/ports';
import { buildPreviewModel, type SendPreview } from '../../../../src/extension/review/previewModel';
import type { RobotRecord } from '../../../../src/extension/robotStore';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

const NONCE = 'bm9uY2Vub25jZW5vbmNl';

describe('review/previewHtml', () => {
  let h: ExtensionHarness;
  let robot: RobotRecord;
  beforeEach(async () => {
    h = await startExtensionHarness();
    robot = await h.services.robots.add({ ...h.drafts.plain, name: 'Team <b>"Ops"</b>' });
  });
  afterEach(() => h.stop());

  const model = (preview: Omit<SendPreview, 'robot'>): PreviewModel => buildPreviewModel(h.services, { robot, ...preview });
  const html = (preview: Omit<SendPreview, 'robot'>): string => previewHtml(model(preview), NONCE);

  it('has a strict CSP: nothing loads, only the nonce\'d style and script run', () => {
    const page = html({ kind: 'message', title: 'a message', text: 'hi' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
    assert.equal(csp, `default-src 'none'; style-src 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'`);
    assert.deepEqual(page.match(/<script[^>]*>/g), [`<script nonce="${NONCE}">`]);
    assert.deepEqual(page.match(/<style[^>]*>/g), [`<style nonce="${NONCE}">`]);
    assert.doesNotMatch(page, /\sstyle="|\son\w+="|<img|<link|<iframe/);
  });

  it('shows the notes above the summary and the other form as a button that answers "other"', () => {
    const page = html({ kind: 'selection', title: 'app.py:1–2', text: '```python\ndef f():\n    return 1\n```', indentation: 'syntax', other: 'image' });
    assert.match(page, /<ul class="notes" role="note"><li>DingTalk&#39;s clients \(the phone above all\) may flatten the indentation[^<]*<\/li><\/ul>\n<p class="summary"/);
    assert.match(page, /<button class="secondary" id="other" data-answer="other" title="Shows the code as a picture[^"]*">Send as Image<\/button>/);
    const plain = html({ kind: 'selection', title: 't', text: 'x' });
    assert.doesNotMatch(plain, /class="notes"|data-answer="other"/);
  });

  it('escapes what the user wrote, the robot\'s name and the file names', () => {
    const attack = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    for (const page of [
      html({ kind: 'markdown', title: attack, text: `# Hi\n\n${attack}\n\n<b onclick="x()">bold</b>` }),
      html({ kind: 'message', title: attack, text: attack }),
      html({ kind: 'file', title: attack, files: [{ name: `${attack}.pdf`, size: 10 }] }),
    ]) {
      assert.equal(page.match(/<script/g)?.length, 1);
      assert.doesNotMatch(page, /<img|<b onclick|<b>"Ops"/);
      assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
      assert.match(page, /<h1>Team &lt;b&gt;&quot;Ops&quot;&lt;\/b&gt;<\/h1>/);
    }
  });

  it('shows the robot, the @mentions, the size and the number of parts, and the three answers', () => {
    const text = Array.from({ length: 3 }, (_, i) => `## Part ${i}\n\n${'word '.repeat(3_000)}`).join('\n\n');
    const shown = model({ kind: 'markdown', title: 'docs/notes.md', text, at: { mobiles: ['13800000000'], all: true } });
    const page = previewHtml(shown, NONCE);
    assert.equal(shown.parts, 3);
    assert.ok(page.includes(`<p class="summary" id="summary">${escapeHtml(shown.summary)}</p>`));
    assert.match(shown.summary, /^Team <b>"Ops"<\/b> · Markdown · @everyone @13800000000 · 4\d\.\d KB · 3 parts$/);
    assert.equal(page.match(/<div class="bubble markdown">/g)?.length, 3);
    assert.match(page, /\(1\/3\)/);
    assert.match(page, /@13800000000<\/p>\s*<\/div><\/div><\/div>\s*<\/main>/);
    assert.match(page, /<button id="send" data-answer="send" aria-describedby="summary">Send<\/button>/);
    assert.match(page, /<button class="secondary" data-answer="cancel">Cancel<\/button>/);
    assert.match(page, /<button class="secondary" data-answer="dontAsk" title="[^"]+">Don&#39;t Ask Again for This Robot<\/button>/);
    assert.match(page, /getElementById\('send'\)\.focus\(\)/);
    assert.match(page, /<title>Preview: docs\/notes.md<\/title>/);
  });

  it('renders markdown as DingTalk roughly does: headings, emphasis, code, links; images as placeholders', () => {
    const page = html({
      kind: 'markdown',
      title: 'notes.md',
      text: '## 标题 Heading\n\n**bold** and *it*\n\n```ts\nconst a = 1 < 2;\n```\n\n[docs](https://example.com/docs) [bad](javascript:alert(1))\n\n![diagram](https://example.com/d.png)',
    });
    assert.match(page, /<h2>标题 Heading<\/h2>/);
    assert.match(page, /<strong>bold<\/strong> and <em>it<\/em>/);
    assert.match(page, /<pre><code class="language-ts">const a = 1 &lt; 2;\n<\/code><\/pre>/);
    assert.match(page, /<a href="https:\/\/example.com\/docs">docs<\/a>/);
    assert.doesNotMatch(page, /href="javascript:/);
    assert.match(page, /<span class="image" title="https:\/\/example.com\/d.png">🖼 diagram<\/span>/);
  });

  it('shows a text message as it is, pre-wrapped, with no markdown rendered', () => {
    const page = html({ kind: 'message', title: 'a message', text: '# not a heading\n  **kept**' });
    assert.match(page, /<div class="bubble text"># not a heading\n {2}\*\*kept\*\*<\/div>/);
    assert.doesNotMatch(page, /<h1>#|<strong>/);
  });

  it('shows files as cards with their name, type and size', () => {
    const page = html({ kind: 'file', title: 'report.pdf, Makefile', files: [{ name: 'report.pdf', size: 1_500_000 }, { name: 'Makefile', size: 300 }] });
    assert.match(page, /<span class="icon" aria-hidden="true">PDF<\/span><div><div class="name">report.pdf<\/div><div class="size">1.4 MB<\/div>/);
    assert.match(page, /<span class="icon" aria-hidden="true"><\/span><div><div class="name">Makefile<\/div><div class="size">300 B<\/div>/);
    assert.match(page, / · 2 files<\/p>/);
  });

  it('sets the page language to the display language', () => {
    assert.match(html({ kind: 'message', title: 'm', text: 'hi' }), /<html lang="en">/);
  });
});
