import { basename, dirname } from 'node:path';
import { convertMarkdown, errorMessage, splitFrontMatter, type LocalImage, type Robot, type SendResult } from '../../core';
import type { DocumentState, EditorState } from '../editorState';
import { GitWebLinks } from '../gitWebLinks';
import type { SendAgain } from '../history/entry';
import { checkImages, imageName, ImageUploads, type CheckedImages, type RefusedImage } from '../markdownImages';
import type { ProgressReporter } from '../ports';
import { canUpload } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import { reviewWithMentions } from '../send/mentions';
import { sentNotice } from '../send/notices';
import { send } from '../send/pipeline';
import type { Services } from '../services';
import { dedent } from '../snippet';

function isMarkdownDocument(document: DocumentState): boolean {
  return document.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(document.fsPath ?? document.relativePath);
}

/**
 * The selected text in document order, or the whole document (its front matter may hold the title).
 * A selection is dedented: an indented part (say, from inside a list) would otherwise read as a code block.
 */
function markdownSource(editor: EditorState): string {
  const selected = [...editor.selections].filter((s) => s.text.trim()).sort((a, b) => a.startLine - b.startLine);
  return selected.length > 0 ? selected.map((s) => dedent(s.text.split(/\r?\n/)).join('\n')).join('\n\n') : editor.document.text;
}

/** The converted message for one robot, fixed for that robot so a Retry resumes at the right part. */
interface Prepared {
  robotId: string;
  text: string;
  /** Local images that arrived as alt text because the robot cannot upload. */
  notUploaded: string[];
  /** Local images that arrived as alt text because the file is missing or not an image DingTalk takes. */
  refused: RefusedImage[];
}

/**
 * One markdown send: the conversion and what it needs (image files checked, web links looked up,
 * images uploaded), each done once for the whole send, whatever the Retries.
 */
class MarkdownSend {
  private readonly uploads: ImageUploads;
  private readonly images: LocalImage[];
  private readonly hrefs: string[] = [];
  /** The front matter's title, else the first heading's, else the file name. */
  readonly title: string;
  /** The text before images are uploaded and links looked up: what the preview shows. */
  readonly draft: string;
  private checked?: Promise<CheckedImages>;
  private links?: Promise<Map<string, string>>;
  prepared?: Prepared;

  constructor(
    private readonly services: Services,
    private readonly document: DocumentState,
    private readonly source: string,
  ) {
    this.uploads = new ImageUploads(services.client, services.t, services.language);
    // One first pass gives the title, the preview's text, the local images and the links to look up.
    const first = convertMarkdown(source, {
      resolveLink: (href) => {
        this.hrefs.push(href);
        return undefined;
      },
    });
    this.images = first.unresolvedImages;
    this.title = first.title ?? basename(document.relativePath);
    this.draft = first.text;
  }

  /** The message for `target`: images uploaded when it can, relative links made web links where git allows. */
  async prepare(core: Robot, target: RobotRecord, progress: ProgressReporter): Promise<Prepared> {
    if (this.prepared?.robotId === target.id) {
      return this.prepared;
    }
    const { fsPath, workspaceFolder } = this.document;
    this.checked ??= checkImages(this.services.t, this.images, { dir: fsPath && dirname(fsPath), workspaceFolder });
    this.links ??= new GitWebLinks().resolve(fsPath, this.hrefs);
    const { found, refused } = await this.checked;
    const upload = canUpload(target);
    const outcome = upload && found.length > 0 ? await this.uploads.upload(core, found, progress) : { mediaIds: new Map<string, string>(), refused: [] };
    const links = await this.links;
    const converted = convertMarkdown(this.source, { images: outcome.mediaIds, resolveLink: (href) => links.get(href) });
    if (converted.unresolvedImages.length > 0) {
      this.services.log.info(`Send Markdown: ${converted.unresolvedImages.length} local image(s) sent as alt text.`);
    }
    this.prepared = {
      robotId: target.id,
      text: converted.text,
      notUploaded: upload ? [] : this.images.map(imageName),
      refused: upload ? [...refused, ...outcome.refused] : [],
    };
    return this.prepared;
  }
}

/**
 * Tells the user, in one notice after the send, which local images arrived as their alt text and
 * why; for a robot that cannot upload, how to let it (Edit Robot → AppKey and AppSecret).
 */
function imageNotice(services: Services, prepared: Prepared, target: RobotRecord): void {
  const { ui, t } = services;
  const { notUploaded, refused } = prepared;
  if (notUploaded.length > 0) {
    const edit = t('Edit Robot');
    const message =
      notUploaded.length === 1
        ? t('"{0}" cannot upload images, so 1 local image arrived as its alt text: {1}. To send images, choose Edit Robot and add the AppKey and AppSecret of a DingTalk app, or send with an enterprise app robot.', target.name, notUploaded[0])
        : t('"{0}" cannot upload images, so {1} local images arrived as their alt text: {2}. To send images, choose Edit Robot and add the AppKey and AppSecret of a DingTalk app, or send with an enterprise app robot.', target.name, notUploaded.length, notUploaded.join(', '));
    // Not awaited, like the success notice: the send is over, and the user may answer later or never.
    void ui
      .warn(message, edit)
      .then((choice) => (choice === edit && services.robots.get(target.id) ? services.flows.editRobot(target.id) : undefined))
      .catch((error: unknown) => services.log.error(`Edit Robot after Send Markdown failed: ${errorMessage(error)}`));
  } else if (refused.length > 0) {
    const reasons = refused.map((image) => image.reason).join('; ');
    void ui.warn(refused.length === 1 ? t('1 image arrived as its alt text: {0}.', reasons) : t('{0} images arrived as their alt text: {1}.', refused.length, reasons));
  }
}

/**
 * Sends a markdown document (or its non-empty selections) converted to what DingTalk shows: tables,
 * HTML and the rest in DingTalk's subset, local images uploaded with the robot's app credentials,
 * relative links made links to the repository's web pages. Titled with the front matter's title,
 * else the first heading, else the file name; split by the core into numbered parts when long.
 *
 * Copy Content and the unsent store keep the markdown as written, not the converted text: it is
 * what the user can paste anywhere or send again, while the converted text holds media ids that
 * mean nothing outside DingTalk and would be converted a second time. The Sent History keeps it
 * too, with where the document is, so its images and links resolve again on a retry.
 */
export async function sendMarkdown(services: Services, editor: EditorState | undefined, again?: SendAgain): Promise<SendResult | undefined> {
  const { ui, t } = services;
  if (!editor) {
    void ui.error(t('Open a markdown document (or its preview) to send it to DingTalk.'));
    return undefined;
  }
  const { document } = editor;
  if (!isMarkdownDocument(document)) {
    void ui.error(t('{0} is not a markdown document. Send Markdown sends .md files; use Send Selection or Send File for other files.', document.relativePath));
    return undefined;
  }
  const source = markdownSource(editor);
  if (!splitFrontMatter(source).body.trim()) {
    void ui.error(t('{0} has no content to send.', document.relativePath));
    return undefined;
  }
  // The redacted text, if the user chooses it, is a send of its own: its title may have held the secret.
  const sends = new Map<string, MarkdownSend>();
  const sendOf = (text: string): MarkdownSend => {
    const known = sends.get(text) ?? new MarkdownSend(services, document, text);
    sends.set(text, known);
    return known;
  };
  const label = document.relativePath;
  let converted: MarkdownSend | undefined;
  let delivered: RobotRecord | undefined;
  const result = await send(services, {
    again,
    review: async (robot) => {
      const review = await reviewWithMentions(services, robot, {
        kind: 'markdown',
        title: () => label,
        messageTitle: (text) => sendOf(text).title,
        what: label,
        text: source,
        fileName: basename(label),
        shown: (text) => sendOf(text).draft,
      });
      if (!review) {
        return undefined;
      }
      const { text: reviewed, mentions } = review;
      const markdown = sendOf(reviewed);
      converted = markdown;
      const { title } = markdown;
      return {
        robot,
        title: (target) => t('Sending {0} to "{1}"', label, target.name),
        content: { text: reviewed, language: 'markdown' },
        history: {
          kind: 'markdown',
          summary: label,
          content: { text: reviewed, language: 'markdown', title, documentPath: document.fsPath, workspaceFolder: document.workspaceFolder },
        },
        preview: (target) => ({ at: mentions.for(target), kind: 'markdown', title: label, messageTitle: title, text: markdown.draft }),
        run: async (core, progress, resumeFrom, target, msgUuids) => {
          const { text } = await markdown.prepare(core, target, progress);
          return services.client().sendMarkdown(core, title, text, { at: mentions.for(target), signal: progress.signal, resumeFrom, msgUuids });
        },
        success: (sent, target) => {
          delivered = target;
          return sentNotice(services, label, target.name, sent);
        },
      };
    },
  });
  if (result && delivered && converted?.prepared) {
    imageNotice(services, converted.prepared, delivered);
  }
  return result;
}
