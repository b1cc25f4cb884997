import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { eventually } from './support/wait';
import { appTs } from './workspaceFiles';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('Send Selection as Image in a real VS Code', function () {
  this.timeout(180_000);

  async function sendFromContextMenu(session: Session, menuItem: string): Promise<void> {
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken), app: true });
    await workbench.clearNotifications();
    await workbench.openFile('src/app.ts');
    await workbench.selectLines(2, 3);
    // Inside the selection, spaces render as dots: look the line up by text without one.
    const line = workbench.editorLine('greeting.toUpperCase');
    const box = await line.boundingBox();
    assert.ok(box);
    const items = await workbench.contextMenu({ x: box.x + 60, y: box.y + box.height / 2 }, menuItem);
    assert.ok(items.includes(menuItem), `menu: ${items.join(', ')}`);
    await workbench.menuItem(menuItem).click();
  }

  /** The one upload: a PNG as type=image, decodable, of a size that fits two lines at 2×. */
  function uploadedPng(session: Session): string {
    const { sim } = session;
    assert.equal(sim.uploads.length, 1);
    const [upload] = sim.uploads;
    assert.equal(upload.type, 'image');
    assert.ok(upload.bytes);
    assert.deepEqual([...upload.bytes.subarray(0, 8)], PNG_MAGIC);
    const png = PNG.sync.read(upload.bytes);
    assert.ok(png.width > 400 && png.height > 80 && png.height < png.width, `${png.width}×${png.height}`);
    assert.ok(upload.size > 1_000 && upload.size < 300_000, `${upload.size} bytes`);
    return upload.mediaId;
  }

  it('sends the selected lines from the editor context menu as a PNG, and the message shows it', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), { robots: addRobots, files: { 'src/app.ts': appTs } });
    await sendFromContextMenu(session, 'Send Selection as Image to DingTalk');
    const messages = await eventually(() => session.sim.messages, (m) => m.length >= 1, 'the image message');
    const mediaId = uploadedPng(session);
    assert.equal(messages.length, 1);
    assert.equal(messages[0].type, 'markdown');
    assert.equal(messages[0].body.markdown.text, `#### src/app.ts:2-3\n\n![src/app.ts:2-3](${mediaId})`);
    await session.workbench.notification(/Sent src\/app\.ts:2–3/);
  });

  it('with snippetFormat imageAndText, Send Selection sends the image and then the code as text', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'src/app.ts': appTs },
      settings: { 'dingtalk.snippetFormat': 'imageAndText' },
    });
    await sendFromContextMenu(session, 'Send Selection to DingTalk');
    const messages = await eventually(() => session.sim.messages, (m) => m.length >= 2, 'the image and the text');
    const mediaId = uploadedPng(session);
    assert.deepEqual(messages.map((m) => m.type), ['markdown', 'markdown']);
    assert.match(messages[0].body.markdown.text, new RegExp(`\\(${mediaId}\\)$`));
    assert.match(messages[1].body.markdown.text, /```ts\nconst greeting = `Hello, \$\{name\}!`;\nreturn greeting\.toUpperCase\(\);\n```/);
  });
});
