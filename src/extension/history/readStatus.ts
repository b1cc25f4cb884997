import { DingTalkError, errorMessage, ONE_TO_ONE_WINDOW_MS, type GroupReader, type OneToOneRecipient, type Robot } from '../../core';
import type { ProgressReporter } from '../ports';
import { bucketOf, queueReporter } from '../queueProgress';
import type { HistoryEntry, ReadRecord } from './entry';
import { partsToRecall } from './recall';
import type { HistoryServices } from './sendAgain';

/** Entries asked about when the view opens: the newest few of the last week (DingTalk keeps read data for a while only). */
const REFRESH_ENTRIES = 20;
const REFRESH_AGE_MS = 7 * 24 * 60 * 60_000;
/** Readers fetched per message at most: 5 pages of DingTalk's 200. */
const MAX_READERS = 1_000;

/** How a refresh the user asked for is shown: cancelled by `signal`, each robot's waits told by `watch`. */
export interface ReadStatusRun {
  signal?: AbortSignal;
  /** Called before the calls for each robot (a throttle's "resuming in…", say); disposed after them. */
  watch?: (robot: Robot) => { dispose(): void };
}

/** An app-robot send with a message still in DingTalk: it can say who read it. */
export function reportsReads(entry: HistoryEntry): boolean {
  return entry.robotKind === 'app' && partsToRecall(entry).length > 0;
}

/** Everyone who read any part, once, at the first time they read one. */
function union(readers: Array<{ userId: string; name?: string; readAt?: number }>): ReadRecord['readers'] {
  const byId = new Map<string, ReadRecord['readers'][number]>();
  for (const reader of readers) {
    const known = byId.get(reader.userId);
    const readAt = known?.readAt === undefined ? reader.readAt : reader.readAt === undefined ? known.readAt : Math.min(known.readAt, reader.readAt);
    byId.set(reader.userId, { userId: reader.userId, ...(reader.name ?? known?.name ? { name: reader.name ?? known?.name } : {}), ...(readAt === undefined ? {} : { readAt }) });
  }
  return [...byId.values()];
}

async function askDingTalk(services: Omit<HistoryServices, 'flows'>, entry: HistoryEntry, run: ReadStatusRun): Promise<Omit<ReadRecord, 'at'>> {
  const robot = await services.robots.robot(entry.robotId, services.settings().endpoints);
  const watching = run.watch?.(robot);
  try {
    return await askAbout(services, robot, entry, run.signal);
  } finally {
    watching?.dispose();
  }
}

async function askAbout(services: Omit<HistoryServices, 'flows'>, robot: Robot, entry: HistoryEntry, signal: AbortSignal | undefined): Promise<Omit<ReadRecord, 'at'>> {
  // A client per call: one replaced after a proxy change closes once idle, which it is between two parts.
  const client = () => services.client();
  const parts = partsToRecall(entry);
  if (entry.app?.userIds?.length) {
    const now = (services.now ?? Date.now)();
    const recent = parts.filter((part) => now - part.sentAt < ONE_TO_ONE_WINDOW_MS);
    const recipients: OneToOneRecipient[] = [];
    for (const part of recent.length ? recent : parts) {
      recipients.push(...(await client().oneToOneReadStatus(robot, { processQueryKey: part.key, sentAt: part.sentAt }, { signal })).recipients);
    }
    return { readers: union(recipients.filter((r) => r.read)), recipients: new Set(recipients.map((r) => r.userId)).size, complete: true };
  }
  const readers: GroupReader[] = [];
  let complete = true;
  for (const part of parts) {
    const status = await client().groupReadStatus(robot, { processQueryKey: part.key, openConversationId: entry.app?.openConversationId }, { maxReaders: MAX_READERS, signal });
    readers.push(...status.readers);
    complete &&= status.complete;
  }
  return { readers: union(readers), complete };
}

/**
 * Asks DingTalk who has read each entry (by default the recent app-robot sends that can say) and
 * records it; never on a timer, only when the view opens or the user asks. With `report`, a
 * refusal is shown as well as recorded. A throttle is waited out as a send's is; one too long to
 * wait, or a cancel, ends the refresh: the next entries would meet it too.
 */
export async function refreshReadStatus(services: Omit<HistoryServices, 'flows'>, ids?: string[], report = false, run: ReadStatusRun = {}): Promise<void> {
  const { history, ui } = services;
  const now = (services.now ?? Date.now)();
  const entries = ids
    ? ids.map((id) => history.get(id)).filter((entry): entry is HistoryEntry => entry !== undefined)
    : history.entries().filter((entry) => now - entry.time < REFRESH_AGE_MS).slice(0, REFRESH_ENTRIES);
  for (const entry of entries.filter(reportsReads)) {
    if (!services.robots.get(entry.robotId)) {
      continue;
    }
    try {
      const reads = await askDingTalk(services, entry, run);
      // Read now, not in the update: an update saved later (kept while the file cannot be written) runs again then.
      const at = (services.now ?? Date.now)();
      await history.update(entry.id, (current) => ({ ...current, reads: { at, ...reads } }));
    } catch (error) {
      services.log.warn(`Read status of "${entry.summary}": ${errorMessage(error)}`);
      if (!(error instanceof DingTalkError)) {
        throw error;
      }
      if (error.reason === 'cancelled') {
        return;
      }
      const text = { en: error.message, zh: error.messageZh };
      const at = (services.now ?? Date.now)();
      await history.update(entry.id, (current) => ({ ...current, reads: { readers: [], complete: true, ...current.reads, at, error: text } }));
      if (report) {
        void ui.error(error.localized(services.language));
      }
      if (error.reason === 'throttleTooLong') {
        return;
      }
    }
  }
}

/** The refresh on opening under way, per Sent History: an opening meanwhile joins it. */
const refreshingOnOpen = new WeakMap<HistoryServices['history'], Promise<void>>();

/**
 * The refresh when the Sent History opens: quiet, unless DingTalk makes it wait (a throttle, a
 * retry); from then on, as a send's wait is, a cancellable progress notification says why and for
 * how long, until the refresh ends. Cancel stops the refresh. The view opened again before it ends
 * (hidden and shown during a throttle's wait) starts no second one: no second notification, no
 * second question to DingTalk for the same messages.
 */
export function refreshReadStatusOnOpen(services: Omit<HistoryServices, 'flows'>): Promise<void> {
  const { history } = services;
  const running = refreshingOnOpen.get(history);
  if (running) {
    return running;
  }
  const refresh = refreshShowingWaits(services).finally(() => refreshingOnOpen.delete(history));
  refreshingOnOpen.set(history, refresh);
  return refresh;
}

async function refreshShowingWaits(services: Omit<HistoryServices, 'flows'>): Promise<void> {
  const { ui, t } = services;
  const cancel = new AbortController();
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  let latest = '';
  let shown: ProgressReporter | undefined;
  let opened = false;
  const waits: ProgressReporter = {
    signal: cancel.signal,
    report: (message) => {
      latest = message;
      if (shown) {
        shown.report(message);
      } else if (!opened) {
        opened = true;
        void ui.withProgress(t('Asking DingTalk who has read the messages…'), async (progress) => {
          shown = progress;
          progress.report(latest);
          if (progress.signal.aborted) {
            cancel.abort();
          }
          progress.signal.addEventListener('abort', () => cancel.abort(), { once: true });
          await end;
        });
      }
    },
  };
  try {
    await refreshReadStatus(services, undefined, false, {
      signal: cancel.signal,
      watch: (robot) => services.onClientEvent(queueReporter(services, waits, bucketOf(robot))),
    });
  } finally {
    ended();
  }
}
