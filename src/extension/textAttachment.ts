import type { FileSendResult, Robot } from '../core';
import type { Services } from './services';
import { withTemporaryFile } from './temporaryFile';

/** A text that goes as a file: a change's whole patch, a terminal's whole output. */
export interface TextAttachment {
  /** The name the group sees (before the core zips a type DingTalk refuses): `widgets-1a2b3c4.patch`. */
  name: string;
  text: string;
}

export function attachmentSize(attachment: TextAttachment): number {
  return Buffer.byteLength(attachment.text, 'utf8');
}

/**
 * Uploads the text as a file message (zipped by the core where DingTalk refuses the type, as for
 * `.patch`) from a private temporary folder, removed once it is sent or failed: nothing is left on disk,
 * and a Retry writes it again.
 */
export function sendTextAttachment(services: Services, robot: Robot, attachment: TextAttachment, signal: AbortSignal): Promise<FileSendResult> {
  return withTemporaryFile(attachment.name, attachment.text, (path) => services.client().sendFile(robot, path, { signal }));
}
