import type { SendResult } from '../../core';
import type { Services } from '../services';
import { buildTerminalMessage, type TerminalOutput, type WorkspaceFolderInfo } from '../terminal/terminalMessage';

/**
 * Sends the terminal's selected output as a code block, headed by the terminal's name and, when
 * shell integration knows them, its working directory and command line: escape sequences and
 * progress redraws cleaned, long output cut to its head and tail. Scanned and previewed as a snippet.
 */
export async function sendTerminalSelection(services: Services, source: TerminalOutput | undefined, folders: readonly WorkspaceFolderInfo[]): Promise<SendResult | undefined> {
  const { ui, t } = services;
  if (!source) {
    void ui.error(t('Open a terminal and select the output to send to DingTalk.'));
    return undefined;
  }
  const message = buildTerminalMessage(source, folders, t);
  if (!message) {
    void ui.error(t('Nothing is selected in the terminal "{0}": select the output to send.', source.terminalName));
    return undefined;
  }
  return services.flows.sendSnippet({ title: message.title, label: message.label, text: message.text });
}
