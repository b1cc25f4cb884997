import { noMessageIds, webhookCannotRecall, type TextLanguage } from '../../core';
import type { HistoryEntry, SentPart } from './entry';

/*
 * What the Sent History view needs to know of recall, with no more of the extension (it is loaded
 * with the view): taking a send back from DingTalk is recallEntry.ts, which the commands load.
 */

/** The parts of an entry still in DingTalk: those that arrived with a key and were not recalled yet. */
export function partsToRecall(entry: HistoryEntry): SentPart[] {
  const done = new Set(entry.recall?.recalled ?? []);
  return (entry.app?.parts ?? []).filter((part) => part.key && !done.has(part.key));
}

/** Why Recall from DingTalk is not offered on a sent entry, in the user's language; undefined when it is, or when nothing is to say. */
export function whyNoRecall(language: TextLanguage, entry: HistoryEntry): string | undefined {
  if (entry.robotKind === 'webhook') {
    return webhookCannotRecall().localized(language);
  }
  if (entry.app && !entry.recall && partsToRecall(entry).length === 0 && (entry.app.answerLost || entry.result === 'sent')) {
    return noMessageIds().localized(language);
  }
  return undefined;
}
