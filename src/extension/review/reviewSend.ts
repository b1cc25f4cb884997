import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Mentions } from '../../core';
import type { RobotRecord } from '../robotStore';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { redactSecrets, scanForSecrets, type SecretFinding } from '../secretScan/scan';
import type { Services } from '../services';
import { isBinary } from '../snippet';
import { asks, confirmSend, reviewAnswer } from './confirmSend';
import type { SendPreview } from './previewModel';

/** A text about to go out, for the secret scan and the preview. */
export interface OutgoingText {
  robot: RobotRecord;
  at?: Mentions;
  kind: SendPreview['kind'];
  /** What is sent, as the notices name it ("src/app.ts:3–9"), from the text as it will go out. */
  title(text: string): string;
  /** The markdown title handed to the client, when it differs from `title`. */
  messageTitle?(text: string): string | undefined;
  /** The text as the user wrote it: what is scanned, and redacted on request. */
  text: string;
  /** The file the text comes from: it tells the scan whether a bare value is a literal (`.env`) or code. */
  fileName?: string;
  /** How the secret question names the text: a name that cannot itself hold the secret. */
  what: string;
  /** What the group reads for `text` (a markdown document once converted); the text itself by default. */
  shown?(text: string): string;
  /** Told the redacted text as soon as the user chose it, before the preview (which may still cancel). */
  redacted?(text: string): void;
  /** The preview's first note (`SendPreview.note`). */
  note?: string;
  /** What else the preview says of a snippet: its indentation, the other form it offers, the terminal it comes from. */
  extra?: Pick<SendPreview, 'indentation' | 'other' | 'terminal'>;
  /** The user chose the preview's other form: this send stops (undefined), and the caller sends that form. */
  otherChosen?(): void;
}

/**
 * Looks for likely secrets (unless `dingtalk.scanForSecrets` is off) and lets the user send the text
 * redacted, send it anyway or cancel; then shows the preview when `dingtalk.confirmBeforeSend` asks.
 * Resolves with the text to send, or undefined when the user stopped the send.
 */
export async function reviewText(services: Services, outgoing: OutgoingText): Promise<string | undefined> {
  let text = outgoing.text;
  if (services.settings().scanForSecrets) {
    const findings = scanForSecrets(text, { fileName: outgoing.fileName });
    if (findings.length > 0) {
      const choice = await confirmSecrets(services, findings, outgoing.what);
      if (choice === 'cancel') {
        return undefined;
      }
      if (choice === 'redacted') {
        text = redactSecrets(text, findings);
        outgoing.redacted?.(text);
      }
    }
  }
  const { robot, at, kind } = outgoing;
  if (!asks(services, robot.id)) {
    // No preview: a long document is not converted an extra time for nothing.
    return text;
  }
  const shown = outgoing.shown ? outgoing.shown(text) : text;
  const preview = { robot, at, kind, title: outgoing.title(text), messageTitle: outgoing.messageTitle?.(text), text: shown, note: outgoing.note, ...outgoing.extra };
  const answer = await reviewAnswer(services, preview);
  if (answer === 'other') {
    outgoing.otherChosen?.();
  }
  return answer === 'send' ? text : undefined;
}

/** Text files are scanned up to this size; anything larger is a log or data dump, not a snippet someone wrote. */
const MAX_SCANNED_BYTES = 2 * 1024 * 1024;

/** Files as the scan reads them: UTF-8 when the bytes are UTF-8, else one character per byte, so a redacted copy keeps every other byte. */
function decode(bytes: Buffer): { text: string; encoding: BufferEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

/** A file the user named that cannot be read (any more): what `reviewFiles` tells the user, unlike a failure of its own. */
class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${path} cannot be read (${code})`);
  }
}

/** Runs a read of `path`, any failure of which is the file's. */
async function reading<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new UnreadableFile(path, (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

/** The files to upload, and how to remove the redacted copies once the send is over. */
export interface ReviewedFiles {
  paths: string[];
  /** The files' sizes as the user chose them, for a preview shown again. */
  sizes: number[];
  dispose(): Promise<void>;
}

/**
 * The secret scan and preview for files: text files are scanned (a question for each file with a
 * likely secret), and "Send Redacted" uploads a redacted copy under the same name, in a private
 * temporary folder removed by `dispose()`. Resolves with the paths to upload, in order, or undefined
 * when the user stopped the send or a file cannot be read any more (the user is told). Any other
 * failure (of the question or the preview) is thrown, the copies removed first.
 */
export async function reviewFiles(services: Services, robot: RobotRecord, paths: string[]): Promise<ReviewedFiles | undefined> {
  const { ui, t } = services;
  const folders: string[] = [];
  const dispose = async () => {
    await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
  };
  const copy = async (path: string, content: Buffer): Promise<string> => {
    const folder = join(tmpdir(), `dingtalk-sender-${randomBytes(6).toString('hex')}`);
    folders.push(folder);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const file = join(folder, basename(path));
    await writeFile(file, content, { mode: 0o600 });
    return file;
  };
  try {
    const sizes: number[] = [];
    const upload: string[] = [];
    for (const path of paths) {
      const size = (await reading(path, () => stat(path))).size;
      sizes.push(size);
      let findings: SecretFinding[] = [];
      let decoded: { text: string; encoding: BufferEncoding } | undefined;
      if (services.settings().scanForSecrets && size <= MAX_SCANNED_BYTES) {
        decoded = decode(await reading(path, () => readFile(path)));
        findings = isBinary(decoded.text) ? [] : scanForSecrets(decoded.text, { fileName: basename(path) });
      }
      const choice = decoded && findings.length > 0 ? await confirmSecrets(services, findings, basename(path)) : 'anyway';
      if (choice === 'cancel') {
        await dispose();
        return undefined;
      }
      upload.push(decoded && choice === 'redacted' ? await copy(path, Buffer.from(redactSecrets(decoded.text, findings), decoded.encoding)) : path);
    }
    const files = paths.map((path, index) => ({ name: basename(path), size: sizes[index] }));
    if (!(await confirmSend(services, { robot, kind: 'file', title: files.map((file) => file.name).join(', '), files }))) {
      await dispose();
      return undefined;
    }
    return { paths: upload, sizes, dispose };
  } catch (error) {
    await dispose();
    if (!(error instanceof UnreadableFile)) {
      // The question or the preview failed, not the file: the command's own handler reports it.
      throw error;
    }
    void ui.error(t('{0} cannot be read ({1}): it may have been moved or deleted, or you may not have permission to read it.', basename(error.path), error.code));
    return undefined;
  }
}
