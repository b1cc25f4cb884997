import { createHash } from 'node:crypto';
import { DingTalkError, errorMessage, image as imageMessage, markdown, snippetIndentation, type Robot, type SendResult, type SnippetImage } from '../../core';
import type { EditorState } from '../editorState';
import type { SendAgain, SendRecord, TextContent } from '../history/entry';
import { SendRecording } from '../history/recording';
import { isDamagedInstall, type DamagedInstallError } from '../lazy';
import type { ProgressReporter } from '../ports';
import { asks, reviewAnswer } from '../review/confirmSend';
import { planMessages } from '../review/plan';
import { canUpload } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { redactSecrets, scanForSecrets } from '../secretScan/scan';
import { sendMentions } from '../send/mentions';
import { sentNotice } from '../send/notices';
import { send } from '../send/pipeline';
import { uploadingRobot } from '../send/uploadingRobot';
import type { Services } from '../services';
import { buildSnippet, imageHeaderText, isBinary, linkedImageHeader, localVersionNote, snippetLinks, type Snippet } from '../snippet';
import { chooseImageCode } from '../snippetImage/choose';
import { imageFileName, imageHeader, imageLabel, type ImageSnippet, type SwitchedForm } from '../snippetImage/snippet';
import { withTemporaryFile } from '../temporaryFile';

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
  return text ? services.flows.sendSnippet(text, undefined, { indentation: snippetIndentation(snippet.languageId, snippet.code) }) : Promise.resolve(undefined);
}

/**
 * Sends the selection (or the visible part of the file) as a PNG image of the code; with `alsoText`
 * (`snippetFormat: imageAndText`), the code follows as a markdown snippet in the same send. Several
 * selections go as one image of the lines they span, or as text, as the user chooses.
 */
export async function sendSelectionAsImage(services: Services, editor: EditorState | undefined, alsoText = false): Promise<unknown> {
  const { ui, t } = services;
  if (!editor) {
    void ui.error(t('Open a file and select the code to send to DingTalk.'));
    return undefined;
  }
  const { document, selections } = editor;
  if ([document.text, ...selections.map((s) => s.text)].some((text) => isBinary(text))) {
    void ui.error(t('{0} contains binary data (NUL characters), which a message cannot carry. Save it to a file and send the file.', document.relativePath));
    return undefined;
  }
  const chosen = await chooseImageCode(services, editor);
  if (chosen === 'text') {
    const text = buildSnippet(document, selections, t, await snippetLinks(document.fsPath, selections));
    return text && services.flows.sendSnippet(text);
  }
  if (!chosen) {
    return undefined;
  }
  if (chosen.code.trim() === '') {
    void ui.error(t('The selection is empty or only whitespace: select the code to send.'));
    return undefined;
  }
  const links = await snippetLinks(document.fsPath, [{ startLine: chosen.startLine, endLine: chosen.endLine, text: chosen.code }]);
  return sendSnippetImage(services, { ...chosen, alsoText, links });
}

/** A robot that can upload the image; without one, the user may send the code as text instead. */
function robotForImage(services: Services, snippet: ImageSnippet, chosen: RobotRecord | undefined): Promise<RobotRecord | undefined> {
  const { t } = services;
  return uploadingRobot(
    services,
    chosen,
    (robot) => t('"{0}" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload an image. Add them to the robot, or send the code as text.', robot.name),
    { label: t('Send as Text'), run: () => sendAsText(services, snippet) },
  );
}

/**
 * The secret scan on the code before it is drawn; resolves with the code to draw, or undefined when
 * the user stopped. `redacted`: the user already chose to redact this code (in the text form's review).
 */
async function scannedCode(services: Services, snippet: ImageSnippet, label: string, redacted = false): Promise<string | undefined> {
  if (!services.settings().scanForSecrets) {
    return snippet.code;
  }
  const findings = scanForSecrets(snippet.code, { fileName: snippet.relativePath });
  if (findings.length === 0) {
    return snippet.code;
  }
  const choice = redacted ? 'redacted' : await confirmSecrets(services, findings, label);
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

/**
 * The renderer cannot be loaded (told already, as a damaged installation): the send is kept, as the
 * unsent content and as a failed Sent History entry with its code, for a Retry once the installation
 * is whole again.
 */
async function keepUndrawn(services: Services, robot: RobotRecord, record: SendRecord & { content: TextContent }, again: SendAgain | undefined, error: DamagedInstallError): Promise<void> {
  const { t } = services;
  services.unsent.keep({ text: record.content.text, language: record.content.language, robotId: robot.id });
  services.log.error(`Snippet image of ${record.summary} not sent, kept for a Retry: ${error.message}`);
  if (services.history) {
    const message = t('Not sent: the image could not be drawn, as a part of DingTalk Sender ({0}) cannot be loaded. Retry once the extension is reinstalled or the window reloaded.', error.bundle);
    await new SendRecording(services.history, { ...record, entryId: again?.entryId }, services.now ?? Date.now).notStarted(robot, message);
  }
}

/** Draws the code; undefined (after telling the user, and offering text where it helps) when there is no image to send. */
async function drawn(services: Services, snippet: ImageSnippet, code: string, undrawn: (error: DamagedInstallError) => Promise<void>): Promise<SnippetImage | undefined> {
  const { ui, t } = services;
  if (!services.snippetImages) {
    void ui.error(t('Snippet images are not available in this window.'));
    return undefined;
  }
  let picture: SnippetImage;
  try {
    picture = await services.snippetImages.render({ code, language: snippet.languageId, header: imageHeader(snippet), firstLine: snippet.startLine, tabSize: snippet.tabSize });
  } catch (error) {
    if (isDamagedInstall(error)) {
      await undrawn(error);
      return undefined;
    }
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

/** Uploads the PNG as `type=image` from a private temporary file (`withTemporaryFile`), removed once uploaded. */
function upload(services: Services, robot: Robot, png: Uint8Array, name: string, signal: AbortSignal): Promise<string> {
  return withTemporaryFile(name, png, (path) => services.client().uploadMedia(robot, path, 'image', { fileName: name, signal }));
}

/** The image message, the first part of an image send. */
const IMAGE_PARTS = 1;

/**
 * A failure of the text sent after the image: the image counts among the parts that arrived, so the
 * entry says so and a Retry from the Sent History starts at the text instead of posting the image again.
 */
function afterTheImage(error: unknown, image: SendResult, textFrom: number, textParts: () => number): unknown {
  if (error instanceof DingTalkError) {
    const text = error.partial;
    const sent = text?.sent ?? textFrom;
    const uncertain = text?.uncertainPart ?? (error.mayHaveArrived ? sent : undefined);
    error.partial = {
      sent: IMAGE_PARTS + sent,
      total: IMAGE_PARTS + (text?.total ?? textParts()),
      ids: [...image.ids, ...(text?.ids ?? [])],
      uncertainPart: uncertain === undefined ? undefined : IMAGE_PARTS + uncertain,
    };
  }
  return error;
}

/** Which app a media id belongs to: an upload is reused only by a robot of the same app. */
function uploaderOf(robot: Robot): string {
  return robot.appKey ?? '';
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Sends one image snippet: its @mentions, the secret scan on the code, the image drawn, the preview
 * when the setting asks (offering the code as text instead), then the upload and the message that
 * shows it (a markdown message with a one-line header for a custom group robot, carrying the
 * @mentions; `sampleImageMsg` for an app robot, which cannot @mention). A Retry, from the failure
 * notice or the Sent History, reuses the uploaded image when it is the same picture for the same app.
 * `switched`: the send comes from a text snippet's preview, whose mentions and redaction it keeps.
 */
export async function sendSnippetImage(services: Services, snippet: ImageSnippet, again?: SendAgain, switched?: SwitchedForm): Promise<ImageSendResult | SendResult | undefined> {
  const { t } = services;
  const label = imageLabel(snippet);
  const header = imageHeader(snippet);
  const fileName = imageFileName(snippet);
  const link = snippet.links?.values().next().value;
  const note = localVersionNote(t, link?.differs ? [link.shortCommit] : undefined);
  let asText: { robot: RobotRecord; code: string; mentions: SwitchedForm['mentions'] } | undefined;
  const sent = await send<ImageSendResult>(services, {
    again,
    robot: () => robotForImage(services, snippet, again?.robot),
    review: async (robot) => {
      const mentions = await sendMentions(services, robot, switched?.mentions);
      const code = mentions && (await scannedCode(services, snippet, label, switched?.redacted));
      const text = code === undefined || !snippet.alsoText ? undefined : asMarkdown(services, snippet, code);
      if (!mentions || code === undefined) {
        return undefined;
      }
      // The header link and the form are kept as sent, so a Retry from the Sent History sends the same.
      const record = (media: TextContent['media']): SendRecord & { content: TextContent } => ({
        kind: 'selectionImage' as const,
        summary: label,
        content: { text: code, language: snippet.languageId, title: header, tabSize: snippet.tabSize, link, alsoText: text !== undefined, media },
      });
      const picture = await drawn(services, snippet, code, (error) => keepUndrawn(services, robot, record(snippet.uploaded), again, error));
      if (!picture) {
        return undefined;
      }
      // The @mentions go on the last message, where the group is told once everything is there.
      const atOf = (target: RobotRecord, last: boolean) => (last ? mentions.for(target) : undefined);
      const preview = (target: RobotRecord) => ({
        robot: target,
        at: mentions.for(target),
        kind: 'file' as const,
        title: label,
        files: [{ name: fileName, size: picture.png.byteLength }],
        image: picture.png,
        text: text?.text,
        messageTitle: text?.title,
        // An app robot's image message has no header line, so no link to note unless the text follows.
        note: target.kind === 'app' && !text ? undefined : note,
      });
      const answer = asks(services, robot.id) ? await reviewAnswer(services, { ...preview(robot), other: 'text' }) : 'send';
      if (answer === 'other') {
        asText = { robot, code, mentions: { at: mentions.at, typed: mentions.typed } };
      }
      if (answer !== 'send') {
        return undefined;
      }
      const digest = sha256(picture.png);
      const kept = snippet.uploaded?.sha256 === digest ? snippet.uploaded : undefined;
      let uploaded = kept && { by: kept.app, mediaId: kept.id };
      const history = record(kept);
      // A Retry after the text failed does not post the image to the same robot again.
      let shown: { to: string } | undefined;
      const run = async (core: Robot, progress: ProgressReporter, resumeFrom: number, target: RobotRecord, msgUuids?: string[]): Promise<ImageSendResult> => {
        // The image is the first part: a Retry that resumes after it (the text failed) does not post it again.
        const imageArrived = resumeFrom > 0 || shown?.to === target.id;
        let image: SendResult = { parts: IMAGE_PARTS, ids: [] };
        if (!imageArrived) {
          if (uploaded?.by !== uploaderOf(core)) {
            uploaded = { by: uploaderOf(core), mediaId: await upload(services, core, picture.png, fileName, progress.signal) };
            // Kept in the Sent History entry (runSend saves it with each outcome), for a Retry from there.
            history.content.media = { id: uploaded.mediaId, app: uploaded.by, sha256: digest };
          }
          const { mediaId } = uploaded;
          const message = core.kind === 'webhook' ? markdown(header, `#### ${linkedImageHeader(t, header, link)}\n\n![${imageHeaderText(header)}](${mediaId})`, atOf(target, !text)) : imageMessage(mediaId);
          try {
            image = await services.client().send(core, message, { signal: progress.signal });
            shown = { to: target.id };
          } catch (error) {
            if (mediaId === kept?.id) {
              // An earlier window's upload is tried once: DingTalk may have let it go, so the next try uploads again.
              uploaded = undefined;
              history.content.media = undefined;
            }
            throw error;
          }
        }
        const mediaId = uploaded?.mediaId ?? history.content.media?.id ?? '';
        if (!text) {
          return { ...image, mediaId };
        }
        const textFrom = Math.max(0, resumeFrom - IMAGE_PARTS);
        try {
          // msgUuids handed back by a Retry are the text's: only its failure gives the send any.
          const sent = await services.client().sendMarkdown(core, text.title, text.text, { at: atOf(target, true), signal: progress.signal, resumeFrom: textFrom, msgUuids });
          return { parts: IMAGE_PARTS + sent.parts, ids: [...image.ids, ...sent.ids], keywordAdded: image.keywordAdded ?? sent.keywordAdded, mediaId };
        } catch (error) {
          throw afterTheImage(error, image, textFrom, () => planMessages(target, 'markdown', text.title, text.text, atOf(target, true)).length);
        }
      };
      return {
        robot,
        title: (target) => t('Sending {0} to "{1}"', label, target.name),
        content: { text: code, language: snippet.languageId },
        accepts: canUpload,
        history,
        preview: (target) => preview(target),
        run,
        success: (result, target) => sentNotice(services, label, target.name, result),
      };
    },
  });
  if (asText) {
    const { robot, code, mentions } = asText;
    const text = asMarkdown(services, snippet, code);
    return text && (await services.flows.sendSnippet(text, { robot }, { image: { ...snippet, code }, indentation: snippetIndentation(snippet.languageId, code), switched: { mentions } }));
  }
  return sent;
}
