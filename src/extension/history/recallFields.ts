import type { ErrorText } from '../../core';
import { isRecord } from '../isRecord';
import type { RobotKind } from '../robotStore';
import type { AppDelivery, ReadRecord, RecallRecord, SentPart } from './entry';

/**
 * Reads the Sent History fields of recall and read receipts from the file, defensively and with
 * only the known fields: a field that is not what this version writes is left out.
 */

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function readText(value: unknown): ErrorText | undefined {
  return isRecord(value) && isString(value.en) && isString(value.zh) ? { en: value.en, zh: value.zh } : undefined;
}

export function readRobotKind(value: unknown): RobotKind | undefined {
  return value === 'app' || value === 'webhook' ? value : undefined;
}

export function readApp(value: unknown): AppDelivery | undefined {
  if (!isRecord(value) || !Array.isArray(value.parts)) {
    return undefined;
  }
  const parts = value.parts.filter((part): part is SentPart => isRecord(part) && isString(part.key) && isNumber(part.sentAt)).map(({ key, sentAt }) => ({ key, sentAt }));
  const userIds = Array.isArray(value.userIds) && value.userIds.every(isString) ? [...value.userIds] : undefined;
  return defined({
    openConversationId: isString(value.openConversationId) ? value.openConversationId : undefined,
    userIds,
    parts,
    answerLost: value.answerLost === true ? true : undefined,
  });
}

export function readRecall(value: unknown): RecallRecord | undefined {
  if (!isRecord(value) || !isNumber(value.at) || !Array.isArray(value.recalled) || !Array.isArray(value.refused)) {
    return undefined;
  }
  const refused = value.refused.flatMap((part) => {
    const text = isRecord(part) && isString(part.key) ? readText(part.text) : undefined;
    return text && isRecord(part) ? [{ key: String(part.key), text }] : [];
  });
  return { at: value.at, recalled: value.recalled.filter(isString), refused };
}

export function readReads(value: unknown): ReadRecord | undefined {
  if (!isRecord(value) || !isNumber(value.at) || !Array.isArray(value.readers)) {
    return undefined;
  }
  const readers = value.readers.flatMap((reader) =>
    isRecord(reader) && isString(reader.userId)
      ? [defined({ userId: reader.userId, name: isString(reader.name) ? reader.name : undefined, readAt: isNumber(reader.readAt) ? reader.readAt : undefined })]
      : [],
  );
  return defined({
    at: value.at,
    readers,
    recipients: isNumber(value.recipients) ? value.recipients : undefined,
    complete: value.complete !== false,
    error: readText(value.error),
  });
}
