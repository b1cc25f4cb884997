import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendFiles } from '../../../../src/extension/commands/sendFile';
import { sendMarkdown } from '../../../../src/extension/commands/sendMarkdown';
import { sendMessage } from '../../../../src/extension/commands/sendMessage';
import { redactSecrets, scanForSecrets } from '../../../../src/extension/secretScan/scan';
import { startExtensionHarness, type ExtensionHarness } from '../../../support/extensionHarness';

/** A made-up GitHub token: the right shape, no real account behind it. */
const token = `ghp_${'A1b2C3d4E5'.repeat(3)}Zy9X8w`;

describe('review before a send (secret scan and preview)', () => {
  let h: ExtensionHarness;
  let dir: string;
  beforeEach(async () => {
    h = await startExtensionHarness();
    h.settings.scanForSecrets = true;
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-review-'));
  });
  afterEach(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends a message with the secret redacted when the user chooses Send Redacted, and says what and where first', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ actions: ['Send Redacted'] });
    await sendMessage(h.services, { text: `CI token for the bot:\nGITHUB_TOKEN=${token}` });
    const question = h.ui.shown.find((shown) => shown.kind === 'confirm');
    assert.ok(question);
    assert.match(question.message, /GitHub/);
    assert.match(question.message, /line 2/);
    assert.ok(!JSON.stringify(h.ui.shown).includes(token), 'the question shows the secret masked');
    const sent: string = h.sim.messages[0].body.text.content;
    assert.ok(!sent.includes(token), sent);
    assert.match(sent, /^CI token for the bot:\nGITHUB_TOKEN=\[REDACTED:[a-z-]+\]$/);
  });

  it('sends the text as it is on Send Anyway, and nothing when the question is dismissed', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.ui.script({ actions: ['Send Anyway', undefined] });
    await sendMessage(h.services, { text: `token: ${token}` });
    await sendMessage(h.services, { text: `again: ${token}` });
    assert.deepEqual(
      h.sim.messages.map((m) => m.body.text.content),
      [`token: ${token}`],
    );
  });

  it('asks nothing when the scan is off or the text holds no secret', async () => {
    await h.services.robots.add(h.drafts.plain);
    await sendMessage(h.services, { text: 'const password = process.env.DB_PASSWORD;' });
    h.settings.scanForSecrets = false;
    await sendMessage(h.services, { text: `token: ${token}` });
    assert.equal(h.ui.shown.filter((shown) => shown.kind === 'confirm').length, 0);
    assert.equal(h.sim.messages.length, 2);
  });

  it('uploads a redacted copy of a text file under the same name, and the original stays as it was', async () => {
    await h.services.robots.add(h.drafts.withFiles);
    const file = join(dir, 'deploy.txt');
    const original = `host=example.internal\nDB_PASSWORD=Zq8!vR2#pL5mW9x\n`;
    writeFileSync(file, original);
    h.ui.script({ actions: ['Send Redacted'] });
    await sendFiles(h.services, [{ fsPath: file, relativePath: 'deploy.txt' }]);
    const redacted = redactSecrets(original, scanForSecrets(original, { fileName: 'deploy.txt' }));
    assert.notEqual(redacted, original);
    assert.equal(h.sim.uploads.length, 1);
    assert.equal(h.sim.uploads[0].filename, 'deploy.txt');
    assert.equal(h.sim.uploads[0].sha256, createHash('sha256').update(redacted).digest('hex'));
  });

  it('shows the preview when the setting asks, and sends nothing on Cancel', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: [undefined, 'send'] });
    await sendMessage(h.services, { text: 'first' });
    await sendMessage(h.services, { text: 'second' });
    assert.deepEqual(
      h.sim.messages.map((m) => m.body.text.content),
      ['second'],
    );
    assert.equal(h.ui.previews.length, 2);
    assert.deepEqual(h.ui.previews[0].messages, ['first']);
  });

  it('previews a markdown document converted, as the group will read it', async () => {
    await h.services.robots.add(h.drafts.plain);
    h.settings.confirmBeforeSend = 'always';
    h.ui.script({ previews: ['send'] });
    const text = '# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLine<br>break\n';
    await sendMarkdown(h.services, {
      document: { text, relativePath: 'notes.md', fsPath: join(dir, 'notes.md'), languageId: 'markdown', isDirty: false },
      selections: [],
    });
    const [shown] = h.ui.previews[0].messages;
    assert.ok(!shown.includes('<br>') && !shown.includes('|---|'), shown);
    assert.equal(shown, h.sim.messages[0].body.markdown.text);
  });
});
