import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DingTalkError, errorMessage, image, markdown, type Robot, type SendResult, type SnippetImage } from '../../core';
import type { EditorState } from '../editorState';
import type { SendAgain } from '../history/entry';
import type { ProgressReporter } from '../ports';
import { asks, confirmSend } from '../review/confirmSend';
import { canUpload } from '../robotDescription';
import { pickRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { redactSecrets, scanForSecrets } from '../secretScan/scan';
import { sentNotice } from '../send/notices';
import { send } from '../send/pipeline';
import type { Services } from '../services';
import { buildSnippet, isBinary, linkedImageHeader, localVersionNote, snippetLinks, type Snippet } from '../snippet';
import { imageFileName, imageHeader, imageLabel, imageSnippetOf, type ImageSnippet } from '../snippetImage/snippet';

/** The send's result: the message that shows the image, and its media id. */
export interface ImageSendResult extends SendResult {
  mediaId: string;
}

/** `code` (the snippet's, or its redacted copy) as the markdown snippet Send Selection sends. */
function asMarkdown(services: Services, snippet: ImageSnippet, code = snippet.code): Snippet | undefined {
  const document = { relativePath: snippet.relativePath, languageId: snippet.languageId, text: code };
  return buildSnippet(document, [{ startLine: snippet.startLine, endLine: snippet.endLine, text: code }], services.t, snippet.links);
}

/** The same code as a markdown snippet, for "Send as Text". */
function sendAsText(services: Services, snippet: ImageSnippet): Promise<unknown> {
  const text = asMarkdown(services, snippet);
  return text ? services.flows.sendSnippet(text) : Promise.resolve(undefined);
}

/**
 * Sends the selection (or the visible part of the file) as a PNG image of the code; with `alsoText`
 * (`snippetFormat: imageAndText`), the code follows as a markdown snippet in the same send.
 */
export async function sendSelectionAsImage(services: Services, editor: EditorState | undefined, alsoText = false): Promise<unknown> {
  const { ui, t } = services;
  if (!editor) {
    void ui.error(t('Open a file and select the code to send to DingTalk.'));
    return undefined;
  }
  const snippet = imageSnippetOf(editor);
  if (!snippet || snippet.code.trim() === '') {
    void ui.error(t('The selection is empty or only whitespace: select the code to send.'));
    return undefined;
  }
  if (isBinary(snippet.code)) {
    void ui.error(t('{0} contains binary data (NUL characters), which a message cannot carry. Save it to a file and send the file.', snippet.relativePath));
    return undefined;
  }
  const links = await snippetLinks(editor.document.fsPath, [{ startLine: snippet.startLine, endLine: snippet.endLine, text: snippet.code }]);
  return sendSnippetImage(services, { ...snippet, alsoText, links });
}

/**
 * A robot that can upload the image: a custom group robot needs its app's AppKey and AppSecret for
 * that. Without them the user may add them (Edit Robot) or send the code as text instead.
 */
async function robotForImage(services: Services, snippet: ImageSnippet, chosen: RobotRecord | undefined): Promise<RobotRecord | undefined> {
  const { ui, t } = services;
  let robot = chosen ?? (await pickRobot(services));
  while (robot && !canUpload(robot)) {
    const edit = t('Edit Robot');
    const asText = t('Send as Text');
    const choice = await ui.error(
      t('"{0}" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload an image. Add them to the robot, or send the code as text.', robot.name),
      edit,
      asText,
    );
    if (choice === edit) {
      robot = await services.flows.editRobot(robot.id);
    } else {
      if (choice === asText) {
        await sendAsText(services, snippet);
      }
      return undefined;
    }
  }
  return robot;
}

/** The secret scan on the code before it is drawn; resolves with the code to draw, or undefined when the user stopped. */
async function scannedCode(services: Services, snippet: ImageSnippet, label: string): Promise<string | undefined> {
  if (!services.settings().scanForSecrets) {
    return snippet.code;
  }
  const findings = scanForSecrets(snippet.code, { fileName: snippet.relativePath });
  if (findings.length === 0) {
    return snippet.code;
  }
  const choice = await confirmSecrets(services, findings, label);
  if (choice === 'cancel') {
    return undefined;
  }
  return choice === 'redacted' ? redactSecrets(snippet.code, findings) : snippet.code;
}

/** The renderer's refusal (too many lines, too tall once wrapped), offering the code as text or the file. */
async function offerInstead(services: Services, snippet: ImageSnippet, message: string): Promise<void> {
  const { ui, t } = services;
  const asText = t('Send as Text');
  const asFile = t('Send as File');
  const choice = await ui.error(message, asText, ...(snippet.fsPath ? [asFile] : []));
  if (choice === asText) {
    await sendAsText(services, snippet);
  } else if (choice === asFile && snippet.fsPath) {
    await services.flows.sendFiles([{ fsPath: snippet.fsPath, relativePath: snippet.relativePath }]);
  }
}

/** Draws the code; undefined (after telling the user, and offering text where it helps) when there is no image to send. */
async function drawn(services: Services, snippet: ImageSnippet, code: string): Promise<SnippetImage | undefined> {
  const { ui, t } = services;
  if (!services.snippetImages) {
    void ui.error(t('Snippet images are not available in this window.'));
    return undefined;
  }
  let picture: SnippetImage;
  try {
    picture = await services.snippetImages.render({ code, language: snippet.languageId, header: imageHeader(snippet), firstLine: snippet.startLine, tabSize: snippet.tabSize });
  } catch (error) {
    const message = error instanceof DingTalkError ? error.localized(services.language) : errorMessage(error);
    if (error instanceof DingTalkError && (error.code === 'snippetTooLong' || error.code === 'snippetTooTall')) {
      await offerInstead(services, snippet, message);
    } else {
      services.log.error(`Snippet image of ${imageHeader(snippet)}: ${message}`);
      void ui.error(t('The snippet image could not be made: {0}', message));
    }
    return undefined;
  }
  const missing = picture.warnings.find((w) => w.code === 'missingGlyphs');
  if (missing) {
    const anyway = t('Send Image Anyway');
    const asText = t('Send as Text');
    const choice = await ui.warn(
      t('No font on this machine has {0}: they show as empty boxes in the image.', (missing.characters ?? []).slice(0, 10).join(' ')),
      anyway,
      asText,
    );
    if (choice !== anyway) {
      if (choice === asText) {
        await sendAsText(services, snippet);
      }
      return undefined;
    }
  }
  return picture;
}

/** Uploads the PNG as `type=image` through a file of its own, removed once uploaded. */
async function upload(services: Services, robot: Robot, png: Uint8Array, name: string, signal: AbortSignal): Promise<string> {
  const path = join(tmpdir(), `dingtalk-snippet-${randomBytes(6).toString('hex')}.png`);
  await writeFile(path, png);
  try {
    return await services.client().uploadMedia(robot, path, 'image', { fileName: name, signal });
  } finally {
    await rm(path, { force: true });
  }
}

/** Which app a media id belongs to: an upload is reused only by a robot of the same app. */
function uploaderOf(robot: Robot): string {
  return robot.appKey ?? '';
}

/**
 * Sends one image snippet: the secret scan on the code, the image drawn, the preview when the
 * setting asks, then the upload and the message that shows it (a markdown message with a one-line
 * header for a custom group robot, `sampleImageMsg` for an app robot). A Retry after a failed
 * message reuses the uploaded image.
 */
export function sendSnippetImage(services: Services, snippet: ImageSnippet, again?: SendAgain): Promise<ImageSendResult | undefined> {
  const { t } = services;
  const label = imageLabel(snippet);
  const header = imageHeader(snippet);
  const fileName = imageFileName(snippet);
  const link = snippet.links?.values().next().value;
  const note = localVersionNote(t, link?.differs ? [link.shortCommit] : undefined);
  return send(services, {
    again,
    robot: () => robotForImage(services, snippet, again?.robot),
    review: async (robot) => {
      const code = await scannedCode(services, snippet, label);
      const picture = code === undefined ? undefined : await drawn(services, snippet, code);
      if (code === undefined || !picture) {
        return undefined;
      }
      const preview = (target: RobotRecord) => ({ robot: target, kind: 'file' as const, title: label, files: [{ name: fileName, size: picture.png.byteLength }], image: picture.png, note });
      if (asks(services, robot.id) && !(await confirmSend(services, preview(robot)))) {
        return undefined;
      }
      const text = snippet.alsoText ? asMarkdown(services, snippet, code) : undefined;
      let uploaded: { by: string; mediaId: string } | undefined;
      // A Retry after the text failed does not post the image to the same robot again.
      let shown: { to: string; result: SendResult } | undefined;
      const run = async (core: Robot, progress: ProgressReporter, _resumeFrom: number, target: RobotRecord): Promise<ImageSendResult> => {
        if (uploaded?.by !== uploaderOf(core)) {
          uploaded = { by: uploaderOf(core), mediaId: await upload(services, core, picture.png, fileName, progress.signal) };
        }
        const { mediaId } = uploaded;
        if (shown?.to !== target.id) {
          const message = core.kind === 'webhook' ? markdown(header, `#### ${linkedImageHeader(t, header, link)}\n\n![${header}](${mediaId})`) : image(mediaId);
          shown = { to: target.id, result: await services.client().send(core, message, { signal: progress.signal }) };
        }
        const result = shown.result;
        if (!text) {
          return { ...result, mediaId };
        }
        const sent = await services.client().sendMarkdown(core, text.title, text.text, { signal: progress.signal });
        return { parts: result.parts + sent.parts, ids: [...result.ids, ...sent.ids], keywordAdded: result.keywordAdded ?? sent.keywordAdded, mediaId };
      };
      return {
        robot,
        title: (target) => t('Sending {0} to "{1}"', label, target.name),
        content: { text: code, language: snippet.languageId },
        accepts: canUpload,
        history: { kind: 'selectionImage', summary: label, content: { text: code, language: snippet.languageId, title: header } },
        preview: (target) => preview(target),
        run,
        success: (result, target) => sentNotice(services, label, target.name, result),
      };
    },
  });
}
