import { jsonByteLength, type IndentationMeaning, type Mentions } from '../../core';
import { describeRobot } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';
import type { PreviewModel, TextFormat } from '../ports';
import { planMessages } from './plan';

/** One send as the command is about to make it. */
export interface SendPreview {
  robot: RobotRecord;
  at?: Mentions;
  kind: 'selection' | 'changes' | 'message' | 'markdown' | 'file';
  /** What is sent, as notices name it: "src/app.ts:3–9", "docs/notes.md", "report.pdf, app.ts". */
  title: string;
  /** The markdown title handed to the client when it differs from `title` ("src/app.ts:3-9"); it counts toward each part's size. */
  messageTitle?: string;
  /** The message text as it will be sent: markdown, or plain text for `message`; for an image, the code sent after it (`imageAndText`). */
  text?: string;
  files?: { name: string; size: number }[];
  /** An image send (with one entry in `files`): the PNG's bytes, shown as they will be sent. */
  image?: Uint8Array;
  /** What the messages do not say (the group sees the local version of linked lines; a patch file follows), shown first among the notes. */
  note?: string;
  /** A text snippet whose indentation carries meaning (`snippetIndentation`): the phone may flatten it. */
  indentation?: IndentationMeaning;
  /** The other form of the same code, offered with one click: `image` for a text snippet, `text` for an image. */
  other?: 'image' | 'text';
  /** Terminal output: the terminal's name, which the summary gives instead of "Code snippet" or "Files". */
  terminal?: string;
}

const KB = 1024;
const MB = KB * KB;

export function formatSize(bytes: number): string {
  if (bytes < KB) {
    return `${bytes} B`;
  }
  return bytes < MB ? `${(bytes / KB).toFixed(1)} KB` : `${(bytes / MB).toFixed(1)} MB`;
}

function kindLabel(services: Services, kind: SendPreview['kind'], terminal?: string): string {
  const { t } = services;
  if (terminal !== undefined) {
    return t('Terminal output of "{0}"', terminal);
  }
  switch (kind) {
    case 'selection':
      return t('Code snippet');
    case 'changes':
      return t('Code changes');
    case 'message':
      return t('Message');
    case 'markdown':
      return t('Markdown');
    case 'file':
      return t('Files');
  }
}

function mentionsLabel(services: Services, at: Mentions | undefined): string {
  const { t } = services;
  const names = [...(at?.all ? [t('@everyone')] : []), ...[...(at?.mobiles ?? []), ...(at?.userIds ?? [])].map((name) => `@${name}`)];
  return names.length ? names.join(' ') : t('No @mentions');
}

/** What the user should know before this send goes out, that the messages themselves do not show. */
function notesOf(services: Services, preview: SendPreview): string[] {
  const { t } = services;
  const notes: string[] = preview.note ? [preview.note] : [];
  if (preview.indentation === 'syntax') {
    notes.push(t('DingTalk\'s clients (the phone above all) may flatten the indentation of this code, which its language reads: an image keeps it.'));
  } else if (preview.indentation === 'layout') {
    notes.push(t('DingTalk\'s clients (the phone above all) may flatten the nested indentation of this code: an image keeps it.'));
  }
  if (preview.image && preview.robot.kind === 'app') {
    notes.push(t('An app robot\'s image message cannot @mention anyone.'));
  }
  return notes;
}

function otherOf(services: Services, other: SendPreview['other']): PreviewModel['other'] {
  const { t } = services;
  switch (other) {
    case 'image':
      return { label: t('Send as Image'), hint: t('Shows the code as a picture, as your editor draws it, instead of this text.') };
    case 'text':
      return { label: t('Send as Text'), hint: t('Sends the code as a markdown code block, which can be copied, instead of this picture.') };
    default:
      return undefined;
  }
}

/** What the panel shows for a send: the messages as the client will split them, and the summary. */
export function buildPreviewModel(services: Services, preview: SendPreview): PreviewModel {
  const { t } = services;
  const { robot, kind } = preview;
  const format: TextFormat = kind === 'message' ? 'text' : 'markdown';
  const at = robot.kind === 'webhook' ? preview.at : undefined;
  const files = kind === 'file' ? (preview.files ?? []) : [];
  // An image send with `imageAndText` has the code's markdown after the picture.
  const text = kind === 'file' && !preview.image ? undefined : preview.text;
  const messages = text?.trim() ? planMessages(robot, format, preview.messageTitle ?? preview.title, text, at) : [];
  const parts = preview.image ? 1 + messages.length : kind === 'file' ? files.length : messages.length;
  const bytes = kind === 'file' ? files.reduce((sum, file) => sum + file.size, 0) : jsonByteLength(text ?? '');
  const summary = preview.image
    ? [robot.name, t('Code image'), mentionsLabel(services, at), formatSize(bytes), ...(parts > 1 ? [t('{0} parts', parts)] : [])]
    : kind === 'file'
      ? [robot.name, kindLabel(services, kind, preview.terminal), formatSize(bytes), parts === 1 ? t('1 file') : t('{0} files', parts)]
      : [robot.name, kindLabel(services, kind, preview.terminal), mentionsLabel(services, at), formatSize(bytes), parts === 1 ? t('1 part') : t('{0} parts', parts)];
  return {
    lang: services.language,
    title: t('Preview: {0}', preview.title),
    robot: { name: robot.name, detail: describeRobot(services, robot) },
    format,
    messages,
    files: files.map((file) => ({ name: file.name, size: formatSize(file.size) })),
    image: preview.image && `data:image/png;base64,${Buffer.from(preview.image).toString('base64')}`,
    notes: notesOf(services, preview),
    other: otherOf(services, preview.other),
    summary: summary.join(' · '),
    parts,
    bytes,
    labels: {
      send: t('Send'),
      cancel: t('Cancel'),
      dontAsk: t('Don\'t Ask Again for This Robot'),
      dontAskHint: t('Sends now, and from now on sends to this robot without this preview.'),
      messages: t('The messages as the group will see them'),
    },
  };
}
