import { localize, type FileSendResult, type SendResult } from '../../core';
import { asks, confirmSend } from '../review/confirmSend';
import { canUpload } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { redactSecrets, scanForSecrets } from '../secretScan/scan';
import { send } from '../send/pipeline';
import { uploadingRobot } from '../send/uploadingRobot';
import type { Services } from '../services';
import type { Snippet } from '../snippet';
import { attachmentSize, sendTextAttachment, type TextAttachment } from '../textAttachment';
import { buildTerminalMessage, type TerminalMessage, type TerminalOutput, type WorkspaceFolderInfo } from '../terminal/terminalMessage';

type Result = SendResult | FileSendResult | undefined;

function snippetOf(message: TerminalMessage): Snippet {
  return { title: message.title, label: message.label, text: message.text };
}

/** A robot that can upload the output as a file; without one, the user may send its head and tail instead. */
function robotForFile(services: Services, message: TerminalMessage): Promise<RobotRecord | undefined> {
  const { t } = services;
  return uploadingRobot(
    services,
    undefined,
    (robot) => t('"{0}" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload files. Add them to the robot, or send the head and tail of the output as a message.', robot.name),
    { label: t('Send Head and Tail'), run: () => services.flows.sendSnippet(snippetOf(message)) },
  );
}

/** The secret scan on the whole output; the file to send (redacted on request), or undefined when the user stopped. */
async function scanned(services: Services, file: TextAttachment, what: string): Promise<TextAttachment | undefined> {
  if (!services.settings().scanForSecrets) {
    return file;
  }
  const findings = scanForSecrets(file.text, { fileName: file.name });
  if (findings.length === 0) {
    return file;
  }
  const choice = await confirmSecrets(services, findings, what);
  if (choice === 'cancel') {
    return undefined;
  }
  return choice === 'redacted' ? { ...file, text: redactSecrets(file.text, findings) } : file;
}

/** Sends the whole output as a `.txt` file: the secret scan, the preview when the setting asks, the upload. */
function sendOutputFile(services: Services, message: TerminalMessage): Promise<FileSendResult | undefined> {
  const { t } = services;
  return send(services, {
    robot: () => robotForFile(services, message),
    review: async (robot) => {
      const file = await scanned(services, message.file, message.label);
      if (!file) {
        return undefined;
      }
      const preview = () => ({ kind: 'file' as const, title: file.name, files: [{ name: file.name, size: attachmentSize(file) }] });
      if (asks(services, robot.id) && !(await confirmSend(services, { robot, ...preview() }))) {
        return undefined;
      }
      return {
        robot,
        title: (to) => t('Sending {0} to "{1}"', file.name, to.name),
        content: { text: file.text, language: 'plaintext' },
        accepts: canUpload,
        preview,
        run: (core, progress) => sendTextAttachment(services, core, file, progress.signal),
        success: (result, to) => {
          const sent = t('Sent {0} to "{1}".', result.sentName, to.name);
          return result.note ? `${sent} ${localize(result.note, services.language)}` : sent;
        },
      };
    },
  });
}

/**
 * Sends the terminal's selected output as a code block, headed by the terminal's name and, when
 * shell integration knows them, its working directory and command line: escape sequences and
 * progress redraws cleaned. Output too long to read in a chat goes, as the user chooses, as its
 * head and tail with a note of what was cut, or whole as a `.txt` file. Scanned and previewed as any send.
 */
export async function sendTerminalSelection(services: Services, source: TerminalOutput | undefined, folders: readonly WorkspaceFolderInfo[]): Promise<Result> {
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
  if (!message.cutLines) {
    return services.flows.sendSnippet(snippetOf(message));
  }
  const headAndTail = t('Send Head and Tail');
  const asFile = t('Send as .txt File');
  const choice = await ui.confirm(
    t('The selected output has {0} lines: too many to read in a chat.', message.totalLines),
    t('As a message, its first and last lines go with a note of the {0} lines cut between them. As a .txt file it goes whole; that needs a robot that can upload files.', message.cutLines),
    headAndTail,
    asFile,
  );
  if (choice === asFile) {
    return sendOutputFile(services, message);
  }
  return choice === headAndTail ? services.flows.sendSnippet(snippetOf(message)) : undefined;
}
