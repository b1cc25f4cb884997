import { basename } from 'node:path';
import { canUpload } from '../robotDescription';
import { chooseRobot } from '../robotPicker';
import type { RobotRecord } from '../robotStore';
import type { Services } from '../services';
import { imageSnippetFromHistory } from '../snippetImage/snippet';
import { isText, whyNotAgain, type HistoryContent, type HistoryEntry, type SendAgain } from './entry';

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

/** False, after telling the user, when the entry's content is not all the send carried (`TextContent.alsoSent`). */
export function mayGoAgain(services: Services, content: HistoryContent): boolean {
  const why = whyNotAgain(services.t, content);
  if (why === undefined) {
    return true;
  }
  void services.ui.error(why);
  return false;
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
  return chooseRobot(services, t('Send to which robot?'), true, entry.kind === 'file' || entry.kind === 'terminalFile' ? canUpload : undefined);
}

/**
 * Sends an entry's content again through its kind's own flow, so it is checked, @mentioned and
 * recorded like any send: files are read from disk again (a file gone meanwhile is reported), and a
 * markdown document's images and links are resolved again from where it was.
 */
export function sendAgain(services: Services, entry: HistoryEntry, content: HistoryContent, again: SendAgain): Promise<unknown> {
  const { flows } = services;
  if (!isText(content)) {
    return flows.sendFiles(content.paths.map((fsPath) => ({ fsPath, relativePath: basename(fsPath) })), again);
  }
  if (entry.kind === 'message') {
    return flows.sendMessage(content.text, again);
  }
  if (entry.kind === 'markdown') {
    const document = { fsPath: content.documentPath, workspaceFolder: content.workspaceFolder, relativePath: entry.summary, languageId: 'markdown', text: content.text, isDirty: false };
    return flows.sendMarkdown({ document, selections: [] }, again);
  }
  if (entry.kind === 'terminalFile') {
    return flows.sendTerminalFile({ name: content.title ?? entry.summary, text: content.text }, { summary: entry.summary, terminal: content.terminal }, again);
  }
  if (entry.kind === 'selectionImage') {
    const snippet = imageSnippetFromHistory(content, entry.summary);
    // An entry of an older version did not keep its form: it follows the setting, as it did then.
    return flows.sendSnippetImage({ ...snippet, alsoText: snippet.alsoText ?? services.settings().snippetFormat === 'imageAndText' }, again);
  }
  return flows.sendSnippet({ title: content.title ?? entry.summary, label: entry.summary, text: content.text }, again, { terminal: content.terminal });
}

/**
 * Sends a past send again, after a confirmation that names the robot: the group gets it a second
 * time. It is recorded as a new send; the old entry stays as it was.
 */
export async function resend(services: HistoryServices, entry: HistoryEntry, content: HistoryContent): Promise<unknown> {
  const { ui, t } = services;
  if (!mayGoAgain(services, content)) {
    return undefined;
  }
  const robot = await robotForEntry(services, entry);
  if (!robot) {
    return undefined;
  }
  const again = t('Resend');
  const detail = entry.kind === 'file' ? t('The group gets the files again, as they are on disk now.') : t('The group gets it a second time.');
  if ((await ui.confirm(t('Send {0} to "{1}" again?', entry.summary, robot.name), detail, again)) !== again) {
    return undefined;
  }
  return sendAgain(services, entry, content, { robot });
}
