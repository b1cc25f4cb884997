import { strict as assert } from 'node:assert';
import { buildSnippet } from '../../../src/extension/snippet';
import { english } from '../../support/extensionHarness';
import { FAKE, startHarness, type Harness } from '../../support/harness';

const JSX = ['export function Save() {', '  return <Button onClick={() => save()}>Save</Button>;', '}'].join('\n');

describe('simulator: what the DingTalk clients show', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });

  afterEach(async () => {
    await h.stop();
  });

  it('records a markdown message holding a tag as blank on the phone and rendered as HTML on the desktop', async () => {
    const res = await fetch(h.sim.webhookUrl(FAKE.token), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ msgtype: 'markdown', markdown: { title: 't', text: 'Use `List<String>`:\n\n```html\n<div>hi</div>\n```' } }),
    });
    assert.equal(((await res.json()) as { errcode: number }).errcode, 0);
    const { view } = h.sim.messages[0];
    assert.ok(view);
    assert.equal(view.phone.blank, true);
    assert.equal(view.phone.text, '');
    assert.deepEqual(view.desktop.htmlTags, ['<String>', '<div>', '</div>']);
    assert.equal(view.desktop.text, 'Use `List`:\n\nhi');
  });

  it('shows a JSX snippet sent through the core on the phone, tags as text, fences raw, indentation flattened', async () => {
    const snippet = buildSnippet({ relativePath: 'src/Save.tsx', languageId: 'typescriptreact', text: JSX }, undefined, english);
    assert.ok(snippet);
    await h.client.sendMarkdown(h.webhook, snippet.title, snippet.text);
    const { view } = h.sim.messages[0];
    assert.ok(view);
    assert.equal(view.phone.blank, false);
    assert.equal(view.phone.text, ['**src/Save.tsx**', '', '```tsx', 'export function Save() {', 'return <Button onClick={() => save()}>Save</Button>;', '}', '```'].join('\n'));
    assert.equal(view.phone.flattenedLines, 1);
    assert.deepEqual(view.desktop.htmlTags, []);
    assert.equal(view.desktop.text, ['**src/Save.tsx**', '', 'export function Save() {', 'return <Button onClick={() => save()}>Save</Button>;', '}'].join('\n'));
  });

  it('shows markdown typed by hand with a tag, through the core, on the phone; the author\'s entities work', async () => {
    await h.client.sendMarkdown(h.webhook, 'Note', 'Wrap it in <div> &copy; &amp; a<b>c');
    assert.equal(h.sim.messages[0].view?.phone.blank, false);
    assert.equal(h.sim.messages[0].view?.phone.text, 'Wrap it in <div> © & a<b>c');
  });

  it('records the view of an app robot\'s sampleMarkdown, and none for a text message', async () => {
    await h.client.sendMarkdown(h.app, 'Types', '`Map<K, V>`');
    await h.client.sendText(h.webhook, 'a <b>text</b> message is not markdown');
    assert.equal(h.sim.messages[0].type, 'sampleMarkdown');
    assert.equal(h.sim.messages[0].view?.phone.text, '`Map<K, V>`');
    assert.equal(h.sim.messages[1].view, undefined);
    assert.equal(h.sim.messages[1].body.text.content, 'a <b>text</b> message is not markdown');
  });
});
