import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { convertMarkdown, localImages, type DingTalkClient, type WebhookRobot } from '../src/core';
import { TINY_PNG, type Scratch } from './lib/files';

/** A short document that shows two pictures stored next to it. */
const DOCUMENT = `# Release 1.2

The new robot dialog:

![Robot dialog](images/robot-dialog.png)

The status bar item, 状态栏:

![Status bar](./images/status-bar.png)
`;

/**
 * What Send Markdown does with a document that shows two local images: list them, upload each with
 * the robot's app credentials, convert with the media ids, send one markdown message.
 */
export async function markdownWithImages(client: DingTalkClient, robot: WebhookRobot, files: Scratch): Promise<void> {
  const images = localImages(DOCUMENT);
  const mediaIds = new Map<string, string>();
  for (const image of images) {
    const path = resolve(files.dir, image.src);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, TINY_PNG);
    mediaIds.set(image.src, await client.uploadMedia(robot, path, 'image'));
  }
  const converted = convertMarkdown(DOCUMENT, { images: mediaIds });
  if (images.length !== 2 || converted.unresolvedImages.length > 0) {
    throw new Error(`expected two local images, all uploaded; found ${images.length}, ${converted.unresolvedImages.length} left out`);
  }
  await client.sendMarkdown(robot, converted.title ?? 'Release 1.2', converted.text);
}
