import type { Robot } from '../robot';
import { appRobotOf, callAppApi, type AppApiPorts } from './appCall';
import { missingConversation, noMessageIds, outsideWindow } from './errors';
import { ONE_TO_ONE_WINDOW_MS } from './recall';

/** DingTalk's largest page of readers. */
const PAGE_SIZE = 200;
/** Readers fetched at most per message unless the caller asks for more: 25 pages. */
const DEFAULT_MAX_READERS = 5_000;

/** What DingTalk says became of the message, from its `sendStatus`. */
export type DeliveryState = 'sent' | 'recalled' | 'processing' | 'unknown';

export interface ReadStatusOptions {
  signal?: AbortSignal;
}

export interface GroupReadOptions extends ReadStatusOptions {
  /** Stop after this many readers (rounded up to whole pages); `complete` then says false. */
  maxReaders?: number;
}

export interface GroupReader {
  userId: string;
  unionId?: string;
}

export interface GroupReadStatus {
  state: DeliveryState;
  /** DingTalk's own word, for a details view. */
  sendStatus: string;
  /** Everyone who has read the message, in DingTalk's order. */
  readers: GroupReader[];
  /** False when there were more readers than `maxReaders`, or DingTalk's paging stopped making progress. */
  complete: boolean;
}

export interface OneToOneRecipient {
  userId: string;
  name?: string;
  read: boolean;
  /** Epoch ms. */
  readAt?: number;
}

export interface OneToOneReadStatus {
  state: DeliveryState;
  sendStatus: string;
  recipients: OneToOneRecipient[];
}

function deliveryState(sendStatus: unknown): DeliveryState {
  switch (sendStatus) {
    case 'SUCCESS':
      return 'sent';
    case 'RECALLED':
      return 'recalled';
    case 'PROCESSING':
      return 'processing';
    default:
      return 'unknown';
  }
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.length > 0) : [];
}

/** A page's readers: `readUsers` carries unionIds, `readUserIds` may name more; both are read. */
function pageReaders(answer: Record<string, unknown>): GroupReader[] {
  const readers = new Map<string, GroupReader>();
  for (const user of Array.isArray(answer.readUsers) ? answer.readUsers : []) {
    const { userId, unionId } = (user ?? {}) as { userId?: unknown; unionId?: unknown };
    if (typeof userId === 'string' && userId) {
      readers.set(userId, typeof unionId === 'string' && unionId ? { userId, unionId } : { userId });
    }
  }
  for (const userId of strings(answer.readUserIds)) {
    if (!readers.has(userId)) {
      readers.set(userId, { userId });
    }
  }
  return [...readers.values()];
}

/**
 * Who has read a group message: every page of DingTalk's answer, up to `maxReaders`. A request
 * DingTalk refuses (unknown key, robot removed, missing permission) throws a DingTalkError.
 */
export async function groupReadStatus(
  ports: AppApiPorts,
  robot: Robot,
  message: { processQueryKey: string; openConversationId?: string },
  options: GroupReadOptions = {},
): Promise<GroupReadStatus> {
  const app = appRobotOf(robot);
  const openConversationId = message.openConversationId ?? app.openConversationId;
  if (!message.processQueryKey) {
    throw noMessageIds();
  }
  if (!openConversationId) {
    throw missingConversation();
  }
  const maxReaders = options.maxReaders ?? DEFAULT_MAX_READERS;
  const readers = new Map<string, GroupReader>();
  const tokensSeen = new Set<string>();
  let sendStatus = '';
  let nextToken: string | undefined;
  for (;;) {
    const answer = await callAppApi(ports, app, {
      method: 'POST',
      path: '/v1.0/robot/groupMessages/query',
      body: {
        robotCode: app.robotCode,
        openConversationId,
        processQueryKey: message.processQueryKey,
        maxResults: PAGE_SIZE,
        ...(nextToken === undefined ? {} : { nextToken }),
      },
      repeat: 'always',
      signal: options.signal,
    });
    sendStatus = String(answer.sendStatus ?? sendStatus);
    for (const reader of pageReaders(answer)) {
      if (!readers.get(reader.userId)?.unionId) {
        readers.set(reader.userId, reader);
      }
    }
    const token = typeof answer.nextToken === 'string' && answer.nextToken ? answer.nextToken : undefined;
    if (answer.hasMore !== true) {
      return { state: deliveryState(sendStatus), sendStatus, readers: [...readers.values()], complete: true };
    }
    // A server that says "more" without a new cursor would page forever.
    if (token === undefined || tokensSeen.has(token) || readers.size >= maxReaders) {
      return { state: deliveryState(sendStatus), sendStatus, readers: [...readers.values()], complete: false };
    }
    tokensSeen.add(token);
    nextToken = token;
  }
}

/** DingTalk's SDK shows milliseconds; its older one-to-one API said seconds. Either becomes epoch ms. */
function epochMs(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    return undefined;
  }
  return n < 1e12 ? n * 1000 : n;
}

/**
 * Each recipient's read state for a one-to-one send, within DingTalk's 24 hours. Outside them
 * nothing is sent: an input error (`readStatusWindowPassed`) says so.
 */
export async function oneToOneReadStatus(
  ports: AppApiPorts,
  robot: Robot,
  part: { processQueryKey: string; sentAt: number },
  options: ReadStatusOptions = {},
): Promise<OneToOneReadStatus> {
  const app = appRobotOf(robot);
  if (!part.processQueryKey) {
    throw noMessageIds();
  }
  if (ports.clock.now() - part.sentAt >= ONE_TO_ONE_WINDOW_MS) {
    throw outsideWindow('readStatus', part.sentAt);
  }
  const query = new URLSearchParams({ robotCode: app.robotCode, processQueryKey: part.processQueryKey });
  const answer = await callAppApi(ports, app, {
    method: 'GET',
    path: `/v1.0/robot/oToMessages/readStatus?${query}`,
    repeat: 'always',
    signal: options.signal,
  });
  const list = Array.isArray(answer.messageReadInfoList) ? answer.messageReadInfoList : [];
  const recipients = list.flatMap((item): OneToOneRecipient[] => {
    const { userId, name, readStatus, readTimestamp } = (item ?? {}) as Record<string, unknown>;
    if (typeof userId !== 'string' || !userId) {
      return [];
    }
    const read = readStatus === 'READ';
    const readAt = read ? epochMs(readTimestamp) : undefined;
    return [{ userId, ...(typeof name === 'string' && name ? { name } : {}), read, ...(readAt === undefined ? {} : { readAt }) }];
  });
  const sendStatus = String(answer.sendStatus ?? '');
  return { state: deliveryState(sendStatus), sendStatus, recipients };
}
