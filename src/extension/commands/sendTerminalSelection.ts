import { localize, type FileSendResult, type SendResult } from '../../core';
import { KEPT_OUTPUT_BYTES, type SendAgain, type SendRecord } from '../history/entry';
import { asks, confirmSend } from '../review/confirmSend';
import { canUpload } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { redactSecrets, scanForSecrets, type SecretFinding } from '../secretScan/scan';
import { send } from '../send/pipeline';
import { uploadingRobot } from '../send/uploadingRobot';
import type { Translate } from '../ports';
import type { Services } from '../services';
import type { Snippet } from '../snippet';
import { attachmentSize, sendTextAttachment, type TextAttachment } from '../textAttachment';
import { buildTerminalMessage, redactedParts, terminalMessage, type TerminalMessage, type TerminalOutput, type WorkspaceFolderInfo } from '../terminal/terminalMessage';

type Result = SendResult | FileSendResult | undefined;

function snippetOf(message: TerminalMessage): Snippet {
  return { title: message.title, label: message.label, text: message.text };
}

/** The output as a message (its head and tail when long), named in its preview and the Sent History as the terminal's output. */
function sendAsMessage(services: Services, message: TerminalMessage): Promise<SendResult | undefined> {
  return services.flows.sendSnippet(snippetOf(message), undefined, { terminal: message.terminal });
}

/** A robot that can upload the output as a file; without one, the user may send its head and tail instead (when known: not on a Retry from the Sent History). */
function robotForFile(services: Services, chosen: RobotRecord | undefined, message: TerminalMessage | undefined): Promise<RobotRecord | undefined> {
  const { t } = services;
  return uploadingRobot(
    services,
    chosen,
    (robot) =>
      message
        ? t('"{0}" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload files. Add them to the robot, or send the head and tail of the output as a message.', robot.name)
        : t('"{0}" is a custom group robot without an AppKey and AppSecret, which DingTalk needs to upload files. Add them to the robot.', robot.name),
    message && { label: t('Send Head and Tail'), run: () => sendAsMessage(services, message) },
  );
}

/** The file as it goes after the secret scan of all of it (redacted on request) and what the scan found in the file as it was. */
interface Scanned {
  file: TextAttachment;
  findings: readonly SecretFinding[];
  redacted: boolean;
}

/** The secret scan on the whole output; the file to send, or undefined when the user stopped. */
async function scanned(services: Services, file: TextAttachment, what: string): Promise<Scanned | undefined> {
  const findings = services.settings().scanForSecrets ? scanForSecrets(file.text, { fileName: file.name }) : [];
  if (findings.length === 0) {
    return { file, findings, redacted: false };
  }
  const choice = await confirmSecrets(services, findings, what);
  if (choice === 'cancel') {
    return undefined;
  }
  return choice === 'redacted' ? { file: { ...file, text: redactSecrets(file.text, findings) }, findings, redacted: true } : { file, findings, redacted: false };
}

/**
 * What the Sent History keeps of a terminal's output file: its text as sent, or when too large, the
 * head and tail the message form has (and why Retry is not offered), redacted as the file was: by
 * what the scan found in the whole file, before the head and tail are cut.
 */
function outputRecord(t: Translate, sent: Scanned, about: OutputAbout, message: TerminalMessage | undefined): SendRecord {
  const { file } = sent;
  const whole = attachmentSize(file) <= KEPT_OUTPUT_BYTES;
  const headAndTail = (shown: TerminalMessage): string => (sent.redacted ? terminalMessage(redactedParts(shown.parts, sent.findings, redactSecrets, t), t).text : shown.text);
  const content =
    whole || !message
      ? { text: file.text, language: 'plaintext', title: file.name, terminal: about.terminal }
      : { text: headAndTail(message), language: 'markdown', title: file.name, terminal: about.terminal, alsoSent: 'output' as const };
  return { kind: 'terminalFile', summary: about.summary, content };
}

/** What the Sent History calls a terminal's output file, and the terminal it came from. */
interface OutputAbout {
  summary: string;
  terminal?: string;
}

/**
 * Sends terminal output as a `.txt` file: the secret scan, the preview when the setting asks, the
 * upload; recorded in the Sent History, whose Retry and Resend send the same file again (`again`).
 * `message`: the output's message form, offered when the robot cannot upload (a first send only).
 */
function sendOutputFile(services: Services, original: TextAttachment, about: OutputAbout, message?: TerminalMessage, again?: SendAgain): Promise<FileSendResult | undefined> {
  const { t } = services;
  return send(services, {
    again,
    robot: () => robotForFile(services, again?.robot, message),
    review: async (robot) => {
      const sent = await scanned(services, original, about.summary);
      if (!sent) {
        return undefined;
      }
      const { file } = sent;
      const preview = () => ({ kind: 'file' as const, title: file.name, files: [{ name: file.name, size: attachmentSize(file) }], terminal: about.terminal });
      if (asks(services, robot.id) && !(await confirmSend(services, { robot, ...preview() }))) {
        return undefined;
      }
      return {
        robot,
        title: (to) => t('Sending {0} to "{1}"', file.name, to.name),
        content: { text: file.text, language: 'plaintext' },
        accepts: canUpload,
        history: outputRecord(t, sent, about, message),
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

/** Sends a terminal's output file again (the Sent History's Retry and Resend), as it went the first time. */
export function sendTerminalFile(services: Services, file: TextAttachment, about: OutputAbout, again?: SendAgain): Promise<FileSendResult | undefined> {
  return sendOutputFile(services, file, about, undefined, again);
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
  // The cut of long output keeps each secret whole, so the scan of what is sent sees all of it (or none of it is sent).
  const message = buildTerminalMessage(source, folders, t, { keepWhole: services.settings().scanForSecrets ? (text) => scanForSecrets(text) : undefined });
  if (!message) {
    void ui.error(t('Nothing is selected in the terminal "{0}": select the output to send.', source.terminalName));
    return undefined;
  }
  if (!message.cutLines) {
    return sendAsMessage(services, message);
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
    return sendOutputFile(services, message.file, { summary: t('{0} from the terminal "{1}"', message.file.name, message.terminal), terminal: message.terminal }, message);
  }
  return choice === headAndTail ? sendAsMessage(services, message) : undefined;
}
