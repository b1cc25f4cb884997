import type { Translate } from '../ports';
import type { HistoryEntry, SendOutcome } from './entry';

/** How the Sent History view shows an entry; the VS Code adapter turns it into a tree item. */
export interface EntryView {
  label: string;
  /** "Team · 14:02" */
  description: string;
  tooltip: string;
  /**
   * `entry.<result>`, plus `.content` while the content is kept: the manifest's menus show Retry,
   * Resend, Preview and Copy Content by it (view/item/context `viewItem`).
   */
  contextValue: string;
  /** A codicon id. */
  icon: 'clock' | 'check' | 'error' | 'circle-slash' | 'warning';
}

const ICONS: Record<SendOutcome, EntryView['icon']> = { sending: 'clock', sent: 'check', failed: 'error', cancelled: 'circle-slash', notSent: 'warning' };

function outcomeText(t: Translate, result: SendOutcome): string {
  switch (result) {
    case 'sending':
      return t('Sending…');
    case 'sent':
      return t('Sent');
    case 'failed':
      return t('Failed');
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

export function describeEntry(services: { t: Translate; locale: string }, entry: HistoryEntry, now: number): EntryView {
  const { t, locale } = services;
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
  ];
  return {
    label: entry.summary,
    description: `${entry.robotName} · ${shortTime(entry.time, now, locale)}`,
    tooltip: lines.filter((line): line is string => Boolean(line)).join('\n'),
    contextValue: `entry.${entry.result}${entry.content ? '.content' : ''}`,
    icon: ICONS[entry.result],
  };
}
