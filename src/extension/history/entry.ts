import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ErrorText } from '../../core';
import type { Translate } from '../ports';
import type { RobotKind, RobotRecord } from '../robotStore';
import type { SnippetLink } from '../scm/snippetLink';

/** 'terminalFile': a terminal's output sent whole as a `.txt` file, its text kept (`TextContent.title` is the file's name). */
export type SendKind = 'selection' | 'selectionImage' | 'message' | 'markdown' | 'file' | 'terminalFile';

/**
 * 'notSent': VS Code closed (or crashed) while the send was still waiting or under way.
 * 'uncertain': the send failed, but a try may have reached the group (its answer was lost).
 */
export type SendOutcome = 'sending' | 'sent' | 'failed' | 'uncertain' | 'cancelled' | 'notSent';

/** What a text send needs to go again, to be previewed or copied. */
export interface TextContent {
  /** The message as sent (a selection's snippet, a typed message), or a markdown document as written. */
  text: string;
  /** The language id Preview opens it in; Send Message's own marker for a typed message. */
  language: string;
  /** The title DingTalk shows in the conversation list (selection and markdown sends). */
  title?: string;
  /** The markdown document on disk, whose local images and repository links are resolved again. */
  documentPath?: string;
  workspaceFolder?: string;
  /** A snippet image's tab size, so it is drawn again as it was. */
  tabSize?: number;
  /** A snippet image's upload (not a secret: a media id is of no use without the app's token), which a Retry reuses. */
  media?: { id: string; app: string; sha256: string };
  /**
   * A snippet image's header link to the same lines on the remote (`scm/snippetLink.ts`), as it was
   * sent, "as of" included: a Retry shows it again instead of asking git now, in another window or later.
   */
  link?: SnippetLink;
  /**
   * A snippet image sent with its code as text after it (`snippetFormat: imageAndText`), or without
   * (false). Absent in entries of versions before it was kept: those follow the setting.
   */
  alsoText?: boolean;
  /**
   * What the send carried that is not kept: a change's patch file or its diffs as images, or terminal
   * output too large to keep whole ('output': this text is its head and tail). Sent again, this text
   * would go alone, so Retry and Resend are not offered (Copy and Preview are); `whyNotAgain` says why.
   */
  alsoSent?: 'patch' | 'images' | 'output';
  /** Terminal output: the terminal's name (the preview of a Retry names it, as the first one did). */
  terminal?: string;
}

export interface FilesContent {
  paths: string[];
}

export type HistoryContent = TextContent | FilesContent;

/** One message of an app-robot send, by the processQueryKey DingTalk answered ('' when its answer was lost). */
export interface SentPart {
  key: string;
  /** When the attempt that sent it started, epoch ms: DingTalk's 24 h for one-to-one messages count from about then. */
  sentAt: number;
}

/**
 * Where an app-robot send went and its messages, as recall and read receipts need them. Not
 * secrets: a processQueryKey grants nothing without the app's token.
 */
export interface AppDelivery {
  /** The group, as the robot had it at send time (a later edit must not redirect a recall). */
  openConversationId?: string;
  /** One-to-one sends: the users sent to. */
  userIds?: string[];
  /** In the order they were sent. */
  parts: SentPart[];
  /** A part may have arrived without DingTalk's answer (a timeout): it has no key to recall it by. */
  answerLost?: boolean;
}

/** What Recall from DingTalk did. */
export interface RecallRecord {
  at: number;
  /** The keys DingTalk took back. */
  recalled: string[];
  /** Parts DingTalk refused, with why in both languages. */
  refused: Array<{ key: string; text: ErrorText }>;
}

/** Who has read the send, as DingTalk last said (asked when the view opens, or on Refresh Read Status). */
export interface ReadRecord {
  at: number;
  readers: Array<{ userId: string; name?: string; readAt?: number }>;
  /** One-to-one sends: how many people it went to. */
  recipients?: number;
  /** False when DingTalk had more readers than were fetched. */
  complete: boolean;
  /** Why DingTalk could not say, in both languages. */
  error?: ErrorText;
}

/** One send in the Sent History. Robots appear by id and name only: no credential is ever kept. */
export interface HistoryEntry {
  id: string;
  /** When the latest attempt started, in epoch ms. */
  time: number;
  robotId: string;
  robotName: string;
  kind: SendKind;
  /** What was sent, as the user knows it: "src/app.ts:3–9", "report.pdf, app.ts". */
  summary: string;
  /** Bytes of text, or of the files when the send started. */
  size: number;
  /** Messages the send took (parts of a long text, or one per file). */
  parts?: number;
  /** Parts (or files) that arrived before a send failed midway: a Retry goes on from there. */
  arrived?: number;
  result: SendOutcome;
  /** DingTalkError.code of a failure. */
  errcode?: number | string;
  /** The failure as the user was told it (the core's messages are already redacted). */
  error?: string;
  /** Absent once the size cap dropped it (see capHistory). */
  content?: HistoryContent;
  /** The robot's kind at send time: only app robots' sends can be recalled or report reads. */
  robotKind?: RobotKind;
  app?: AppDelivery;
  recall?: RecallRecord;
  reads?: ReadRecord;
  /** A webhook send that failed: each part's msgUuid, which a Retry reuses so DingTalk drops a copy that arrived. */
  msgUuids?: string[];
  /** While 'sending': the process id of the extension host sending it, so other windows can tell a live send from a crashed one. */
  host?: number;
}

/** What runSend records of a send (SendJob.history). */
export interface SendRecord {
  kind: SendKind;
  summary: string;
  content: HistoryContent;
  /** A retry from the history updates this entry instead of adding one. */
  entryId?: string;
}

/** A send started again from the history: to this robot, and for a retry, in place of entry `entryId`. */
export interface SendAgain {
  robot: RobotRecord;
  entryId?: string;
  /** The first part (or file) still to send, when the entry failed midway. */
  resumeFrom?: number;
  /** The entry's msgUuids, for a Retry to the same webhook robot. */
  msgUuids?: string[];
}

/** The language of a typed message's content (Send Message's, unsent or in the history), so only Send Message offers it again. */
export const MESSAGE_LANGUAGE = 'dingtalk-message';

const SUMMARY_CHARS = 60;
const SUMMARY_FILES = 3;

export function isText(content: HistoryContent): content is TextContent {
  return 'text' in content;
}

/** Whether the entry's content is all the send carried, so it can go again as it went. */
export function sendsAgain(content: HistoryContent | undefined): boolean {
  return content !== undefined && !(isText(content) && content.alsoSent);
}

/** The terminal output the Sent History keeps whole, at most: an eighth of its content budget, so one send cannot push out the content of all the others. */
export const KEPT_OUTPUT_BYTES = 256 * 1024;

/** Why the entry's content cannot go again (`sendsAgain` false), as the user is told; undefined when it can. */
export function whyNotAgain(t: Translate, content: HistoryContent): string | undefined {
  if (!isText(content) || !content.alsoSent) {
    return undefined;
  }
  return content.alsoSent === 'output'
    ? t('This terminal output went whole as a .txt file, too large for the Sent History to keep (over {0} KB): Copy and Preview give its first and last lines. Select it in the terminal and send it again.', KEPT_OUTPUT_BYTES / 1024)
    : t('This send carried a patch file or diff images, which the Sent History does not keep: send the changes again from Source Control.');
}

/** The first line of a typed message, shortened to fit a list row. */
export function messageSummary(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  const first = [...lines[0]];
  return first.length > SUMMARY_CHARS || lines.length > 1 ? `${first.slice(0, SUMMARY_CHARS).join('').trimEnd()}…` : lines[0];
}

/** "report.pdf, app.ts", or the first few names and how many more: "a.pdf, b.pdf, c.pdf +4". */
export function filesSummary(paths: string[]): string {
  const names = paths.map((path) => basename(path));
  return names.length > SUMMARY_FILES ? `${names.slice(0, SUMMARY_FILES).join(', ')} +${names.length - SUMMARY_FILES}` : names.join(', ');
}

/** The text Copy Content and Preview give: the content itself, or the files' paths one a line. */
export function contentText(content: HistoryContent): string {
  return isText(content) ? content.text : content.paths.join('\n');
}

/** The size of a send: its text in UTF-8, or its files on disk (a file gone meanwhile counts 0). */
export async function contentSize(content: HistoryContent): Promise<number> {
  if (isText(content)) {
    return Buffer.byteLength(content.text, 'utf8');
  }
  const sizes = await Promise.all(content.paths.map((path) => stat(path).then((info) => info.size, () => 0)));
  return sizes.reduce((sum, size) => sum + size, 0);
}
