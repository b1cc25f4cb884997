import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Mentions } from '../../core';
import type { RobotRecord } from '../robotStore';
import { confirmSecrets } from '../secretScan/confirmSecrets';
import { redactSecrets, scanForSecrets } from '../secretScan/scan';
import type { Services } from '../services';
import { isBinary } from '../snippet';
import { asks, confirmSend } from './confirmSend';
import type { SendPreview } from './previewModel';

/** A text about to go out, for the secret scan and the preview. */
export interface OutgoingText {
  robot: RobotRecord;
  at?: Mentions;
  kind: SendPreview['kind'];
  /** What is sent, as the notices name it: "src/app.ts:3–9". */
  title: string;
  /** The markdown title handed to the client, when it differs from `title`. */
  messageTitle?: string;
  /** The text as the user wrote it: what is scanned, and redacted on request. */
  text: string;
  /** The file the text comes from: it tells the scan whether a bare value is a literal (`.env`) or code. */
  fileName?: string;
  /** What the group reads for `text` (a markdown document once converted); the text itself by default. */
  shown?(text: string): string;
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
      const choice = await confirmSecrets(services, findings, outgoing.title);
      if (choice === 'cancel') {
        return undefined;
      }
      text = choice === 'redacted' ? redactSecrets(text, findings) : text;
    }
  }
  const { robot, at, kind, title, messageTitle } = outgoing;
  if (!asks(services, robot.id)) {
    // No preview: a long document is not converted an extra time for nothing.
    return text;
  }
  const shown = outgoing.shown ? outgoing.shown(text) : text;
  return (await confirmSend(services, { robot, at, kind, title, messageTitle, text: shown })) ? text : undefined;
}

/** Text files are scanned up to this size; anything larger is a log or data dump, not a snippet someone wrote. */
const MAX_SCANNED_BYTES = 2 * 1024 * 1024;

/** A redacted copy of `path` with the same name, in a folder of its own under the system's temp folder. */
async function redactedCopy(path: string, text: string): Promise<string> {
  const folder = join(tmpdir(), `dingtalk-sender-${randomBytes(6).toString('hex')}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const copy = join(folder, basename(path));
  await writeFile(copy, text, { mode: 0o600 });
  return copy;
}

/**
 * The secret scan and preview for files: text files are scanned (a question for each file with a
 * likely secret), and "Send Redacted" uploads a redacted copy under the same name. Resolves with the paths to upload,
 * in order, or undefined when the user stopped the send.
 */
export async function reviewFiles(services: Services, robot: RobotRecord, paths: string[]): Promise<string[] | undefined> {
  const sizes = await Promise.all(paths.map(async (path) => (await stat(path)).size));
  let upload = paths;
  if (services.settings().scanForSecrets) {
    const scanned = await Promise.all(
      paths.map(async (path, index) => {
        if (sizes[index] > MAX_SCANNED_BYTES) {
          return { path, text: '', findings: [] };
        }
        const text = (await readFile(path)).toString('utf8');
        return { path, text, findings: isBinary(text) ? [] : scanForSecrets(text, { fileName: basename(path) }) };
      }),
    );
    // One question per file, so "password (line 10)" says which file it is in.
    upload = [];
    for (const file of scanned) {
      const choice = file.findings.length > 0 ? await confirmSecrets(services, file.findings, basename(file.path)) : 'anyway';
      if (choice === 'cancel') {
        return undefined;
      }
      upload.push(choice === 'redacted' ? await redactedCopy(file.path, redactSecrets(file.text, file.findings)) : file.path);
    }
  }
  const files = paths.map((path, index) => ({ name: basename(path), size: sizes[index] }));
  const title = files.map((file) => file.name).join(', ');
  return (await confirmSend(services, { robot, kind: 'file', title, files })) ? upload : undefined;
}
