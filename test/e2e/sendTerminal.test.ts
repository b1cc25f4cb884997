import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';

describe('Send Terminal Selection in a real VS Code', function () {
  this.timeout(180_000);

  it('sends a line of real output, selected in the integrated terminal, from the terminal\'s context menu', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'README.md': '# terminal\n' },
      settings: {
        // The DOM renderer puts the terminal's rows in the page, where a test can find a line of output.
        'terminal.integrated.gpuAcceleration': 'off',
        'terminal.integrated.rightClickBehavior': 'default',
        'terminal.integrated.defaultProfile.linux': 'bash',
      },
    });
    const { workbench, sim, page } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.clearNotifications();

    await workbench.runCommand('Terminal: Create New Terminal');
    const rows = page.locator('.terminal-wrapper.active .xterm-rows > div');
    await eventually(() => rows.allInnerTexts(), (texts) => texts.some((text) => /[$#]\s*$/.test(text)), 'the shell\'s prompt', 30_000, 300);
    // Arithmetic the shell does, so the line selected is output, not the command echoed.
    // The pause lets the output come after the run's start is heard: VS Code streams a run's output only from when the
    // extension opens the stream, so a command as quick as a bare echo may go unheard (then no command line is shown).
    await page.keyboard.type('sleep 1; echo "sum: $((6*7)) – 完成"');
    await page.keyboard.press('Enter');
    const output = rows.filter({ hasText: /^sum: 42 – 完成\s*$/ }).first();
    await output.waitFor({ timeout: 20_000 });
    // Another command after it: the line selected is the first one's output, so its command line is the one shown.
    await page.keyboard.type('echo "done: $((2+3))"');
    await page.keyboard.press('Enter');
    await rows.filter({ hasText: /^done: 5\s*$/ }).first().waitFor({ timeout: 20_000 });

    // A triple click selects the line in xterm; the terminal's widget layer takes the mouse, so the clicks go to the line's place.
    const box = await output.boundingBox();
    assert.ok(box);
    const at = { x: box.x + 30, y: box.y + box.height / 2 };
    await page.mouse.click(at.x, at.y, { clickCount: 3 });
    const items = await workbench.contextMenu(at, 'Send Terminal Selection to DingTalk');
    assert.ok(items.includes('Send Terminal Selection to DingTalk'), `menu: ${items.join(', ')}`);
    await workbench.chooseMenuItem('Send Terminal Selection to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the terminal output');
    assert.equal(messages.length, 1, 'exactly one message');
    assert.equal(messages[0].type, 'markdown');
    const text: string = messages[0].body.markdown.text;
    // Shell integration (on by default for bash) tells the folder, and the command line of the run that printed the selection, not the last one.
    assert.equal(text, '**Terminal** `bash` · in `.`\n\n```\n$ sleep 1; echo "sum: $((6*7)) – 完成"\nsum: 42 – 完成\n```');
    await workbench.notification(/Sent/);
  });
});
