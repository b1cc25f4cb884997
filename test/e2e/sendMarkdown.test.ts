import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';

const notes = `---
layout: post
---
# Release notes

Version **0.1.0** ships today.<br>Thanks to everyone who tested it.

| Feature | Status |
|---------|--------|
| Send selections | done |
| Send files | done |

- [x] Snippets
- [ ] Cards

> Tested against the local simulator.
`;

/** What DingTalk cannot show must not arrive: front matter, HTML tags, table syntax, task-list brackets. */
function assertConverted(text: string): void {
  assert.match(text, /^#+ Release notes/m);
  assert.match(text, /\*\*0\.1\.0\*\*/);
  assert.match(text, /Send selections/);
  assert.doesNotMatch(text, /layout: post/);
  assert.doesNotMatch(text, /<\/?[a-z][^>]*>/i, 'no HTML tag');
  assert.doesNotMatch(text, /^\|?\s*-{3,}\s*\|/m, 'no table separator row');
  assert.doesNotMatch(text, /\[[ x]\]/, 'no task-list brackets');
}

async function start(title: string): Promise<Session> {
  const session = await Session.start(title, vsix(), { robots: addRobots, files: { 'docs/notes.md': notes } });
  await session.workbench.ready();
  await addWebhookRobot(session.workbench, { name: 'Team', webhook: session.sim.webhookUrl(fake.plainToken) });
  await session.workbench.clearNotifications();
  await session.workbench.openFile('docs/notes.md');
  return session;
}

async function previewFrame(session: Session): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of session.page.frames()) {
      const heading = await frame.$('h1').catch(() => null);
      if (heading && /Release notes/.test((await heading.textContent()) ?? '')) {
        return frame;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('the markdown preview did not show the document');
}

describe('Send Markdown in a real VS Code', function () {
  this.timeout(180_000);

  it('sends the converted document from the editor title button', async function () {
    const { workbench, sim, page } = await start(this.test!.fullTitle());
    const button = page.locator('.editor-group-container.active .editor-actions .action-label.codicon-send').first();
    await button.click();

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the markdown message');
    assert.equal(messages.length, 1);
    assert.equal(messages[0].type, 'markdown');
    assert.equal(messages[0].body.markdown.title, 'Release notes');
    assertConverted(messages[0].body.markdown.text);
    await workbench.notification(/Sent/);
  });

  it("sends the previewed document from the preview's context menu", async function () {
    const session = await start(this.test!.fullTitle());
    const { workbench, sim } = session;
    await workbench.runCommand('Markdown: Open Preview to the Side');
    const frame = await previewFrame(session);
    const quote = await frame.$('blockquote p');
    assert.ok(quote);
    const box = await quote.boundingBox();
    assert.ok(box);
    const items = await workbench.contextMenu({ x: box.x + 40, y: box.y + box.height / 2 }, 'Send Markdown to DingTalk');
    assert.ok(items.includes('Send Markdown to DingTalk'), `menu: ${items.join(', ')}`);
    await workbench.chooseMenuItem('Send Markdown to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the markdown message');
    assert.equal(messages.length, 1);
    assert.equal(messages[0].body.markdown.title, 'Release notes');
    assertConverted(messages[0].body.markdown.text);
  });
});
