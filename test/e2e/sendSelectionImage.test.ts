import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame } from 'playwright-core';
import { PNG } from 'pngjs';
import { vsix } from './support/hooks';
import { addRobots, addWebhookRobot, fake } from './support/robots';
import { Session } from './support/session';
import { tools } from './support/tools';
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
    // A theme change re-renders the editor's lines: wait until the line is laid out again.
    const box = await eventually(() => line.boundingBox(), (found) => found !== null, 'the selected line on screen');
    assert.ok(box);
    const items = await workbench.contextMenu({ x: box.x + 60, y: box.y + box.height / 2 }, menuItem);
    assert.ok(items.includes(menuItem), `menu: ${items.join(', ')}`);
    await workbench.chooseMenuItem(menuItem);
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

  /** A PNG's pixel as `#rrggbb`. */
  function pixel(png: PNG, x: number, y: number): string {
    const i = (png.width * y + x) * 4;
    return `#${[...png.data.subarray(i, i + 3)].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  }

  function pixelsOf(png: PNG, color: string): number {
    let n = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      n += pixel(png, (i / 4) % png.width, Math.floor(i / 4 / png.width)) === color ? 1 : 0;
    }
    return n;
  }

  it('in a light built-in theme (Solarized Light), the picture has that theme\'s editor.background and its keyword color', async function () {
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'src/app.ts': appTs },
      settings: { 'workbench.colorTheme': 'Solarized Light' },
    });
    await sendFromContextMenu(session, 'Send Selection as Image to DingTalk');
    await eventually(() => session.sim.messages, (m) => m.length >= 1, 'the image message');
    uploadedPng(session);
    // The theme as this VS Code ships it, read from its own extension folder.
    const themeFile = join(dirname(tools().codeServer), '..', '..', 'lib', 'vscode', 'extensions', 'theme-solarized-light', 'themes', 'solarized-light-color-theme.json');
    const theme = JSON.parse(readFileSync(themeFile, 'utf8')) as { colors: Record<string, string>; tokenColors: Array<{ scope?: string | string[]; settings: { foreground?: string } }> };
    const background = theme.colors['editor.background'].toLowerCase();
    const keyword = theme.tokenColors.find((rule) => rule.scope === 'keyword')?.settings.foreground?.toLowerCase();
    assert.equal(background, '#fdf6e3');
    const png = PNG.sync.read(session.sim.uploads[0].bytes!);
    assert.equal(pixel(png, 0, 0), background);
    assert.equal(pixel(png, png.width - 1, png.height - 1), background);
    assert.ok(keyword);
    // `return` on the second line is a keyword.control.
    assert.ok(pixelsOf(png, keyword) > 20, `${keyword} pixels`);
  });

  it('the preview of a Python snippet says the phone may flatten it; Send as Image there previews the picture, and the picture is what arrives', async function () {
    const python = 'def area(r):\n    if r < 0:\n        raise ValueError(r)\n    return 3.14 * r * r\n';
    const session = await Session.start(this.test!.fullTitle(), vsix(), {
      robots: addRobots,
      files: { 'geo.py': python },
      settings: { 'dingtalk.confirmBeforeSend': 'always' },
    });
    const { workbench, sim } = session;
    await workbench.ready();
    await addWebhookRobot(workbench, { name: 'Team', webhook: sim.webhookUrl(fake.plainToken), app: true });
    await workbench.clearNotifications();
    await workbench.openFile('geo.py');
    await workbench.selectLines(1, 4);
    await workbench.runCommand('DingTalk: Send Selection');
    const text = await workbench.sendPreview();
    const shown = (await text.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(shown, /may flatten the indentation of this code/);
    assert.match(shown, /def area/);
    await text.locator('button[data-answer="other"]').click();
    const imageFrame = async (): Promise<Frame | undefined> => {
      for (const frame of session.page.frames()) {
        if (await frame.$('.bubble.image img').catch(() => null)) {
          return frame;
        }
      }
      return undefined;
    };
    const picture = await eventually(imageFrame, (frame) => frame !== undefined, 'the image preview', 60_000, 0);
    assert.ok(picture);
    const src = await picture.locator('.bubble.image img').getAttribute('src');
    assert.ok(src && src.startsWith('data:image/png;base64,'));
    assert.equal(await picture.locator('button[data-answer="other"]').innerText(), 'Send as Text');
    assert.equal(sim.messages.length, 0, 'nothing is sent before the answer');
    await picture.locator('button[data-answer="send"]').click();
    const messages = await eventually(() => sim.messages, (m) => m.length >= 1, 'the image message');
    const mediaId = uploadedPng(session);
    assert.deepEqual(sim.uploads[0].bytes, Buffer.from(src.slice('data:image/png;base64,'.length), 'base64'));
    assert.equal(messages.length, 1);
    assert.equal(messages[0].body.markdown.text, `#### geo.py:1-4\n\n![geo.py:1-4](${mediaId})`);
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
