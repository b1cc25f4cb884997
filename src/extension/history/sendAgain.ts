import { basename } from 'node:path';
import { sendFiles } from '../commands/sendFile';
import { sendAsMarkdown, sendMarkdown } from '../commands/sendMarkdown';
import { sendMessage } from '../commands/sendMessage';
import { canUpload, chooseRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';
import { isText, type HistoryContent, type HistoryEntry, type SendAgain } from './entry';

/** The services of the Sent History's own commands, which need the history itself; runSend records in the same one. */
export type HistoryServices = Services & Required<Pick<Services, 'history'>>;

/** An entry a command acts on, with its content; undefined after telling the user why there is none. */
export function entryWithContent(services: HistoryServices, id: string | undefined): { entry: HistoryEntry; content: HistoryContent } | undefined {
  const { ui, t } = services;
  const entry = id === undefined ? undefined : services.history.get(id);
  if (!entry) {
    void ui.error(t('That send is no longer in the Sent History.'));
    return undefined;
  }
  if (!entry.content) {
    void ui.error(t('The content of this send was not kept: the Sent History keeps the content of recent sends only.'));
    return undefined;
  }
  return { entry, content: entry.content };
}

/** The entry's robot; when it was removed meanwhile, another one the user chooses (one that can upload, for files). */
export async function robotForEntry(services: Services, entry: HistoryEntry): Promise<RobotRecord | undefined> {
  const { ui, t } = services;
  const robot = services.robots.get(entry.robotId);
  if (robot) {
    return robot;
  }
  const choose = t('Choose Robot');
  if ((await ui.warn(t('The robot "{0}" was removed.', entry.robotName), choose)) !== choose) {
    return undefined;
  }
  return chooseRobot(services, t('Send to which robot?'), true, entry.kind === 'file' ? canUpload : undefined);
}

/**
 * Sends an entry's content again through its kind's own flow, so it is checked, @mentioned and
 * recorded like any send: files are read from disk again (a file gone meanwhile is reported), and a
 * markdown document's images and links are resolved again from where it was.
 */
export function sendAgain(services: Services, entry: HistoryEntry, content: HistoryContent, again: SendAgain): Promise<unknown> {
  if (!isText(content)) {
    return sendFiles(services, content.paths.map((fsPath) => ({ fsPath, relativePath: basename(fsPath) })), again);
  }
  if (entry.kind === 'message') {
    return sendMessage(services, { text: content.text }, again);
  }
  if (entry.kind === 'markdown') {
    const document = { fsPath: content.documentPath, workspaceFolder: content.workspaceFolder, relativePath: entry.summary, languageId: 'markdown', text: content.text, isDirty: false };
    return sendMarkdown(services, { document, selections: [] }, again);
  }
  return sendAsMarkdown(services, { title: content.title ?? entry.summary, label: entry.summary, text: content.text }, again);
}
