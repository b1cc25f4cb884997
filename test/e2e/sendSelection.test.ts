import * as assert from 'node:assert/strict';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { appTs } from './workspaceFiles';

describe('Send Selection in a real VS Code', function () {
  this.timeout(180_000);

  it('sends the selected lines from the editor context menu as one markdown snippet with path, line range and a ts fence', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'src/app.ts': appTs } });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken) });
    await workbench.clearNotifications();

    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    const line = workbench.editorLine('const greeting');
    const box = await line.boundingBox();
    assert.ok(box);
    const items = await workbench.contextMenu({ x: box.x + 60, y: box.y + box.height / 2 }, 'Send Selection to DingTalk');
    assert.ok(items.includes('Send Selection to DingTalk'), `menu: ${items.join(', ')}`);
    await workbench.chooseMenuItem('Send Selection to DingTalk');

    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the snippet');
    assert.equal(messages.length, 1, 'exactly one message');
    assert.equal(messages[0].type, 'markdown');
    const text: string = messages[0].body.markdown.text;
    assert.match(text, /src\/app\.ts/);
    assert.match(text, /\b2[–-]3\b/, `the line range 2–3 in ${text}`);
    assert.match(text, /```ts\n/);
    assert.match(text, /\nconst greeting = `Hello, \$\{name\}!`;\nreturn greeting\.toUpperCase\(\);\n```/, `dedented lines 2–3 only:\n${text}`);
    assert.doesNotMatch(text, /export function/);
    await workbench.notification(/Sent/);
  });
});
