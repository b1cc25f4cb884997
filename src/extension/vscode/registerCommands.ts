import * as vscode from 'vscode';
import { DingTalkError, errorMessage } from '../../core';
import { addRobot } from '../commands/addRobot';
import { editRobot } from '../commands/editRobot';
import { clearHistory } from '../commands/historyClear';
import { copyFromHistory } from '../commands/historyCopy';
import { previewFromHistory } from '../commands/historyPreview';
import { recallFromHistory } from '../commands/historyRecall';
import { refreshReadsFromHistory } from '../commands/historyRefreshReads';
import { removeFromHistory } from '../commands/historyRemove';
import { resendFromHistory } from '../commands/historyResend';
import { retryFromHistory } from '../commands/historyRetry';
import { removeRobot } from '../commands/removeRobot';
import { sendFiles } from '../commands/sendFile';
import { sendMarkdown } from '../commands/sendMarkdown';
import { sendChanges, sendChangesSince, sendCommit } from '../commands/sendChanges';
import { sendMessage } from '../commands/sendMessage';
import { sendSelection } from '../commands/sendSelection';
import { sendSelectionAsImage } from '../commands/sendSelectionImage';
import { sendTerminalSelection } from '../commands/sendTerminalSelection';
import { setDefaultRobot } from '../commands/setDefaultRobot';
import { testRobot } from '../commands/testRobot';
import { withFlows } from '../commandFlows';
import { CommandIds, HISTORY_VIEW, MenuCommandIds } from '../commandIds';
import type { EditorState } from '../editorState';
import type { HistoryServices } from '../history/sendAgain';
import { tellDamagedInstallsThrough } from '../lazy';
import type { Services } from '../services';
import { activeTabFile, editorState, fileRef, previewedDocument, uriState } from './documents';
import { openPreview } from './historyView';
import { changesTarget, repositoryTarget } from './scm';
import { createSnippetImages } from './snippetImages';
import { terminalOutput, workspaceFolders } from './terminal';
import type { TerminalCommands } from './terminalCommands';

function robotId(arg: unknown): string | undefined {
  return typeof arg === 'string' ? arg : undefined;
}

/** The Sent History entry a view item's command was invoked on (the tree hands in the entry itself). */
function entryId(arg: unknown): string | undefined {
  const id = typeof arg === 'object' && arg !== null ? (arg as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function uriList(value: unknown): vscode.Uri[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item instanceof vscode.Uri) ? value : undefined;
}

/**
 * The files a send-file command was invoked on: the explorer's multi-selection, the tab it was
 * opened on, or (from the palette) the active tab's file, which may be an image or a PDF.
 */
function invokedFiles(services: Services, clicked: unknown, selected: unknown): vscode.Uri[] | undefined {
  const files = uriList(selected) ?? (clicked instanceof vscode.Uri ? [clicked] : undefined);
  if (files) {
    return files;
  }
  const active = activeTabFile();
  if (!active) {
    void services.ui.error(services.t('Open a file, or right-click files in the Explorer, to send them to DingTalk.'));
    return undefined;
  }
  if (active.scheme === 'untitled') {
    void services.ui.error(services.t('This document is not saved to a file yet. Save it first, or use "Send Selection".'));
    return undefined;
  }
  return [active];
}

/**
 * What Send Markdown was invoked on, as editor states: the explorer's multi-selection (whole
 * documents), the file of an editor or tab (its selections when it is the active editor), the
 * previewed document, or the active markdown editor.
 */
async function markdownTargets(services: Services, clicked: unknown, selected: unknown): Promise<Array<EditorState | undefined>> {
  const active = vscode.window.activeTextEditor;
  const fromExplorer = uriList(selected);
  if (fromExplorer) {
    return Promise.all(fromExplorer.map(uriState));
  }
  const uri = clicked instanceof vscode.Uri ? clicked : ((await previewedDocument(services.t('Send which markdown document?'))) ?? (active?.document.languageId === 'markdown' ? active.document.uri : undefined));
  if (!uri) {
    return [undefined];
  }
  return [active?.document.uri.toString() === uri.toString() ? editorState(active) : await uriState(uri)];
}

/**
 * Every command's handler, wired to its vscode-free implementation, turning VS Code's arguments into
 * plain ones. Built once, on the first command (commandRegistration.ts registered them all at activation).
 */
export function commandHandlers(
  context: vscode.ExtensionContext,
  base: Omit<HistoryServices, 'flows'>,
  log: vscode.LogOutputChannel,
  terminalCommands: TerminalCommands,
): Record<string, (...args: unknown[]) => Promise<unknown>> {
  // This bundle's copy of lazy.ts tells what it cannot load where activation listens.
  tellDamagedInstallsThrough(base.damagedInstalls);
  const services = withFlows({ ...base, snippetImages: createSnippetImages(context.extensionPath, log) });
  const sendFile = async (clicked?: unknown, selected?: unknown): Promise<void> => {
    const uris = invokedFiles(services, clicked, selected);
    if (!uris) {
      return;
    }
    // The core reads files from disk; a virtual or remote-only file has no path it can open.
    const elsewhere = uris.filter((uri) => uri.scheme !== 'file');
    if (elsewhere.length > 0) {
      void services.ui.error(services.t('Only files on disk can be sent, not {0}. Use "Send Selection" for its text.', elsewhere.map((uri) => uri.toString(true)).join(', ')));
      return;
    }
    await sendFiles(services, uris.map(fileRef));
  };
  const sendSelectionImageCommand = async (): Promise<void> => {
    await sendSelectionAsImage(services, editorState(vscode.window.activeTextEditor), services.settings().snippetFormat === 'imageAndText');
  };
  const sendSelectionCommand = async (): Promise<void> => {
    await sendSelection(services, editorState(vscode.window.activeTextEditor));
  };
  const sendMarkdownCommand = async (clicked?: unknown, selected?: unknown): Promise<void> => {
    for (const target of await markdownTargets(services, clicked, selected)) {
      await sendMarkdown(services, target);
    }
  };
  const noRepository = (): void => void services.ui.error(services.t('Open a folder in a Git repository to send its changes to DingTalk.'));
  // A repository's configuration can run programs (a clean filter, a textconv): only in a trusted workspace.
  const untrusted = (): boolean => {
    if (!vscode.workspace.isTrusted) {
      void services.ui.error(services.t('Sending Git changes needs a trusted workspace: Git may run programs the repository configures.'));
    }
    return !vscode.workspace.isTrusted;
  };
  const sendChangesCommand = async (...args: unknown[]): Promise<void> => {
    if (untrusted()) {
      return;
    }
    const chosen = await changesTarget(args);
    if (!chosen) {
      return noRepository();
    }
    await sendChanges(services, chosen.target, { kind: 'working', options: chosen.options });
  };
  const withRepository = (command: typeof sendCommit) => async (clicked?: unknown): Promise<void> => {
    if (untrusted()) {
      return;
    }
    const repository = await repositoryTarget(clicked);
    if (!repository) {
      return noRepository();
    }
    await command(services, repository);
  };
  const sendTerminalCommand = async (clicked?: unknown): Promise<void> => {
    await sendTerminalSelection(services, await terminalOutput(terminalCommands, clicked), workspaceFolders());
  };
  const version = String(context.extension.packageJSON.version ?? '');
  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [CommandIds.addRobot]: (args) => addRobot(services, args as Parameters<typeof addRobot>[1]),
    [CommandIds.editRobot]: (id) => editRobot(services, robotId(id)),
    [CommandIds.removeRobot]: (id) => removeRobot(services, robotId(id)),
    [CommandIds.setDefaultRobot]: (id) => setDefaultRobot(services, robotId(id)),
    [CommandIds.testRobot]: (id) => testRobot(services, robotId(id)),
    [CommandIds.sendSelection]: sendSelectionCommand,
    [MenuCommandIds.sendSelection]: sendSelectionCommand,
    [CommandIds.sendSelectionAsImage]: sendSelectionImageCommand,
    [MenuCommandIds.sendSelectionAsImage]: sendSelectionImageCommand,
    [CommandIds.sendFile]: sendFile,
    [MenuCommandIds.sendFile]: sendFile,
    [CommandIds.sendMessage]: (args) => sendMessage(services, args as Parameters<typeof sendMessage>[1]),
    [CommandIds.sendMarkdown]: sendMarkdownCommand,
    [MenuCommandIds.sendMarkdown]: sendMarkdownCommand,
    [CommandIds.sendChanges]: sendChangesCommand,
    [MenuCommandIds.sendChanges]: sendChangesCommand,
    [CommandIds.sendCommit]: withRepository(sendCommit),
    [CommandIds.sendChangesSince]: withRepository(sendChangesSince),
    [CommandIds.sendTerminalSelection]: sendTerminalCommand,
    [MenuCommandIds.sendTerminalSelection]: sendTerminalCommand,
    [CommandIds.showLog]: () => log.show(),
    [CommandIds.about]: () => services.ui.info(services.t('DingTalk Sender version {0}', version)),
    [CommandIds.showHistory]: () => vscode.commands.executeCommand(`${HISTORY_VIEW}.focus`),
    [CommandIds.clearHistory]: () => clearHistory(services),
    [CommandIds.retryHistoryEntry]: (entry) => retryFromHistory(services, entryId(entry)),
    [CommandIds.resendHistoryEntry]: (entry) => resendFromHistory(services, entryId(entry)),
    [CommandIds.previewHistoryEntry]: (entry) => previewFromHistory(services, entryId(entry), openPreview),
    [CommandIds.copyHistoryEntry]: (entry) => copyFromHistory(services, entryId(entry)),
    [CommandIds.removeHistoryEntry]: (entry) => removeFromHistory(services, entryId(entry)),
    [CommandIds.recallHistoryEntry]: (entry) => recallFromHistory(services, entryId(entry)),
    [CommandIds.refreshReadStatus]: (entry) => refreshReadsFromHistory(services, entryId(entry)),
  };
  return Object.fromEntries(Object.entries(handlers).map(([id, handler]) => [id, (...args: unknown[]) => run(services, id, () => handler(...args))]));
}

/** Every command's last line of defence: a bug becomes a logged, visible error, never a silent failure. */
async function run(services: Services, id: string, handler: () => unknown): Promise<unknown> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof DingTalkError) {
      services.log.warn(`${id}: ${error.message}`);
      void services.ui.error(error.localized(services.language));
      return undefined;
    }
    const message = errorMessage(error);
    services.log.error(`${id} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    void services.ui.error(services.t('DingTalk Sender hit an unexpected error: {0}. The "DingTalk" output channel has details.', message));
    return undefined;
  }
}
