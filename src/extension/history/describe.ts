import type { TextLanguage } from '../../core';
import { needingCore } from '../lazy';
import type { Translate } from '../ports';
import { sendsAgain, whyNotAgain, type HistoryEntry, type ReadRecord, type SendOutcome } from './entry';
import type * as ReadStatus from './readStatus';
import type * as Recall from './recall';

// Both need the core: required when an entry is first drawn, not at activation (src/extension/lazy.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const readStatus = needingCore(() => require('./readStatus') as typeof ReadStatus);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const recall = needingCore(() => require('./recall') as typeof Recall);

/** How the Sent History view shows an entry; the VS Code adapter turns it into a tree item. */
export interface EntryView {
  label: string;
  /** "Team · 14:02" */
  description: string;
  tooltip: string;
  /**
   * `entry.<result>`, plus `.content` while the content is kept, `.recall` while an app-robot send
   * has messages DingTalk can take back, `.reads` while it can say who read them: the manifest's
   * menus show Retry, Resend, Preview, Copy Content, Recall and Refresh Read Status by it
   * (view/item/context `viewItem`).
   */
  contextValue: string;
  /** A codicon id. */
  icon: 'clock' | 'check' | 'error' | 'circle-slash' | 'warning';
}

const ICONS: Record<SendOutcome, EntryView['icon']> = { sending: 'clock', sent: 'check', failed: 'error', uncertain: 'warning', cancelled: 'circle-slash', notSent: 'warning' };

function outcomeText(t: Translate, result: SendOutcome): string {
  switch (result) {
    case 'sending':
      return t('Sending…');
    case 'sent':
      return t('Sent');
    case 'failed':
      return t('Failed');
    case 'uncertain':
      return t('May have arrived');
    case 'cancelled':
      return t('Cancelled');
    case 'notSent':
      return t('Not sent: VS Code closed before DingTalk confirmed it. Retry sends it.');
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `time` in the user's locale, falling back to the system's for a language id Intl does not know. */
function localeString(time: number, locale: string, options: Intl.DateTimeFormatOptions): string {
  try {
    return new Date(time).toLocaleString(locale, options);
  } catch {
    return new Date(time).toLocaleString(undefined, options);
  }
}

/** A list row's time: the time of day today, the date and time before that, with the year only when it is not this one. */
export function shortTime(time: number, now: number, locale: string): string {
  const date = new Date(time);
  const today = new Date(now);
  const clock: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
  if (date.toDateString() === today.toDateString()) {
    return localeString(time, locale, clock);
  }
  const year = date.getFullYear() === today.getFullYear() ? {} : { year: 'numeric' as const };
  return localeString(time, locale, { ...year, month: 'short', day: 'numeric', ...clock });
}

/** "read by 3" for a group ("3+" when DingTalk had more), "read by 1 of 2" one-to-one. */
function readCount(t: Translate, reads: ReadRecord): string {
  const count = `${reads.readers.length}${reads.complete ? '' : '+'}`;
  return reads.recipients === undefined ? t('read by {0}', count) : t('read by {0} of {1}', count, reads.recipients);
}

/** The tooltip's lines on recall and reads: when it was recalled and what DingTalk refused, who read it, or why it cannot tell. */
function recallLines(services: { t: Translate; locale: string; language: TextLanguage }, entry: HistoryEntry): string[] {
  const { t, locale, language } = services;
  const at = (time: number) => localeString(time, locale, { dateStyle: 'medium', timeStyle: 'short' });
  const lines: string[] = [];
  if (entry.recall) {
    lines.push(t('Recalled from DingTalk: {0} message(s), {1}.', entry.recall.recalled.length, at(entry.recall.at)));
    lines.push(...entry.recall.refused.map((part) => t('Not recalled: {0}', part.text[language])));
  }
  const why = recall().whyNoRecall(language, entry);
  if (why) {
    lines.push(why);
  }
  const { reads } = entry;
  if (reads && reads.readers.length > 0) {
    const who = reads.readers.map((reader) => (reader.readAt === undefined ? (reader.name ?? reader.userId) : `${reader.name ?? reader.userId} (${at(reader.readAt)})`));
    lines.push(t('{0}: {1}', readCount(t, reads), who.join(', ')));
  } else if (reads && !reads.error) {
    lines.push(t('{0} (asked {1})', readCount(t, reads), at(reads.at)));
  }
  if (reads?.error) {
    lines.push(t('Read status: {0}', reads.error[language]));
  }
  return lines;
}

export function describeEntry(services: { t: Translate; locale: string; language?: TextLanguage }, entry: HistoryEntry, now: number): EntryView {
  const { t, locale } = services;
  const language = services.language ?? 'en';
  const outcome = entry.errcode === undefined ? outcomeText(t, entry.result) : `${outcomeText(t, entry.result)} (errcode ${entry.errcode})`;
  const size = entry.parts && entry.parts > 1 ? t('Size: {0} in {1} messages', formatSize(entry.size), entry.parts) : t('Size: {0}', formatSize(entry.size));
  const title = entry.content && 'title' in entry.content && entry.content.title ? t('Title: {0}', entry.content.title) : undefined;
  const lines = [
    entry.summary,
    outcome,
    t('Robot: {0}', entry.robotName),
    t('Time: {0}', localeString(entry.time, locale, { dateStyle: 'medium', timeStyle: 'short' })),
    size,
    title,
    entry.error,
    entry.content ? undefined : t('The content of this send was not kept: the Sent History keeps the content of recent sends only.'),
    entry.content && whyNotAgain(t, entry.content),
    ...recallLines({ t, locale, language }, entry),
  ];
  const state = entry.recall && recall().partsToRecall(entry).length === 0 ? t('recalled') : entry.reads && !entry.reads.error ? readCount(t, entry.reads) : undefined;
  const recallable = entry.robotKind === 'app' && recall().partsToRecall(entry).length > 0;
  return {
    label: entry.summary,
    description: [entry.robotName, shortTime(entry.time, now, locale), state].filter(Boolean).join(' · '),
    tooltip: lines.filter((line): line is string => Boolean(line)).join('\n'),
    // `.partial` before `.content`: the menus' Retry and Resend match `entry.<result>.content`, Copy and Preview any `.content`.
    contextValue: `entry.${entry.result}${entry.content ? `${sendsAgain(entry.content) ? '' : '.partial'}.content` : ''}${recallable ? '.recall' : ''}${readStatus().reportsReads(entry) ? '.reads' : ''}`,
    icon: ICONS[entry.result],
  };
}
