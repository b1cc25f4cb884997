/*
 * Over 300 lines on purpose: the file's format (every field read defensively), its caps and the
 * store that rewrites it change together, under the one cross-window lock that wraps every
 * read-modify-write; the entry types and their wording live apart (entry.ts, describe.ts).
 */
import type { Logger } from '../../core';
import type { HistoryContent, HistoryEntry, SendKind, SendOutcome, TextContent } from './entry';
import { isRecord } from '../isRecord';
import type { StateStore } from '../ports';
import { readApp, readReads, readRecall, readRobotKind } from './recallFields';

/** Where the history is kept: `history.json` in the extension's global storage, or a fake in tests. */
export interface HistoryFile {
  /** The file's text, or undefined when there is none yet. */
  read(): Promise<string | undefined>;
  /** Replaces the file, in one step where the host allows, so a window closing midway cannot leave half a file. */
  write(text: string): Promise<void>;
  /** Keeps a copy of a file this version cannot read; resolves with where it went, for the log. */
  backup(text: string): Promise<string>;
  /** Runs `task` while no other process changes the file (other windows wait their turn). */
  exclusive?<T>(task: () => Promise<T>): Promise<T>;
  /** Tells when the file changed on disk (another window recorded a send, say). */
  watch?(listener: () => void): { dispose(): void };
}

export interface HistoryLimits {
  entries: number;
  /** Bytes of content (text, or file paths) over all entries. */
  contentBytes: number;
}

/**
 * 200 entries are weeks of sends for a busy user and still a short list to scroll. 2 MB of content
 * keeps the text of nearly all of them (a snippet is a few KB, a long markdown document ~100 KB)
 * while the file, read and written whole on every change, stays quick to parse.
 */
export const HISTORY_LIMITS: HistoryLimits = { entries: 200, contentBytes: 2 * 1024 * 1024 };

const VERSION = 1;

/** The core's `errorMessage`, which cannot be used here: the core may be what failed to load (src/extension/lazy.ts). */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const KINDS: readonly SendKind[] = ['selection', 'selectionImage', 'message', 'markdown', 'file', 'terminalFile'];
const OUTCOMES: readonly SendOutcome[] = ['sending', 'sent', 'failed', 'uncertain', 'cancelled', 'notSent'];

/** Failed, cancelled, not sent or still sending: its content may still have to go out. */
const unfinished = (entry: HistoryEntry): boolean => entry.result !== 'sent';
const finished = (entry: HistoryEntry): boolean => entry.result === 'sent';

function contentBytes(entry: HistoryEntry): number {
  return entry.content ? Buffer.byteLength(JSON.stringify(entry.content), 'utf8') : 0;
}

/**
 * Keeps a history (newest first) within `limits`:
 * - beyond `limits.entries`, the oldest sent entries go first; unfinished ones only when more of
 *   them than the limit remain;
 * - beyond `limits.contentBytes`, the oldest sent entries lose their content first; then the oldest
 *   unfinished ones, but never the newest unfinished entry, so the send that just failed can always
 *   be retried. An entry that loses its content stays, shown as such.
 * `unfinishedLost` counts unfinished entries that lost anything: the store logs them.
 */
export function capHistory(entries: readonly HistoryEntry[], limits: HistoryLimits): { entries: HistoryEntry[]; unfinishedLost: number } {
  let kept = [...entries];
  let unfinishedLost = 0;
  const excess = kept.length - limits.entries;
  if (excess > 0) {
    const dropped = new Set<HistoryEntry>();
    for (const wanted of [finished, unfinished]) {
      for (let i = kept.length - 1; i >= 0 && dropped.size < excess; i -= 1) {
        if (wanted(kept[i])) {
          dropped.add(kept[i]);
        }
      }
    }
    unfinishedLost += [...dropped].filter(unfinished).length;
    kept = kept.filter((entry) => !dropped.has(entry));
  }
  let bytes = kept.reduce((sum, entry) => sum + contentBytes(entry), 0);
  const newestUnfinished = kept.find(unfinished);
  for (const wanted of [finished, unfinished]) {
    for (let i = kept.length - 1; i >= 0 && bytes > limits.contentBytes; i -= 1) {
      const entry = kept[i];
      if (entry.content && wanted(entry) && entry !== newestUnfinished) {
        bytes -= contentBytes(entry);
        kept[i] = { ...entry, content: undefined };
        unfinishedLost += unfinished(entry) ? 1 : 0;
      }
    }
  }
  return { entries: kept, unfinishedLost };
}

const optionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

/**
 * The entry with only the fields the history knows, in one order: whatever a caller hands in, no
 * other field (say, a robot's) is ever written, and an unchanged history serializes to the same text.
 */
function canonical(entry: HistoryEntry): HistoryEntry {
  const { id, time, robotId, robotName, kind, summary, size, parts, arrived, result, errcode, error, content, msgUuids, host, robotKind, app, recall, reads } = entry;
  const kept =
    content &&
    ('paths' in content
      ? { paths: [...content.paths] }
      : defined({ text: content.text, language: content.language, title: content.title, documentPath: content.documentPath, workspaceFolder: content.workspaceFolder, tabSize: content.tabSize, media: content.media && readMedia(content.media), link: readLink(content.link), alsoText: readAlsoText(content.alsoText), alsoSent: readAlsoSent(content.alsoSent), terminal: content.terminal }));
  return defined({ id, time, robotId, robotName, kind, summary, size, parts, arrived, result, errcode, error, content: kept, msgUuids: msgUuids && [...msgUuids], robotKind, app: readApp(app), recall: readRecall(recall), reads: readReads(reads), host });
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** A snippet image's upload, when it is one; anything else is left out (the image is uploaded again). */
function readMedia(value: unknown): TextContent['media'] {
  if (!isRecord(value)) {
    return undefined;
  }
  const { id, app, sha256 } = value;
  return typeof id === 'string' && typeof app === 'string' && typeof sha256 === 'string' ? { id, app, sha256 } : undefined;
}

/** A snippet image's header link, when it is one; anything else is left out (the image goes without a link). */
function readLink(value: unknown): TextContent['link'] {
  if (!isRecord(value)) {
    return undefined;
  }
  const { url, commit, shortCommit, startLine, endLine, differs } = value;
  const line = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
  return typeof url === 'string' && typeof commit === 'string' && typeof shortCommit === 'string' && line(startLine) && line(endLine) && typeof differs === 'boolean'
    ? { url, commit, shortCommit, startLine, endLine, differs }
    : undefined;
}

function readAlsoText(value: unknown): TextContent['alsoText'] {
  return typeof value === 'boolean' ? value : undefined;
}

function readAlsoSent(value: unknown): TextContent['alsoSent'] {
  return value === 'patch' || value === 'images' || value === 'output' ? value : undefined;
}

function readContent(kind: SendKind, value: unknown): HistoryContent | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  if (kind === 'file') {
    const { paths } = value;
    return Array.isArray(paths) && paths.every((path) => typeof path === 'string') ? { paths } : undefined;
  }
  const { text, language, title, documentPath, workspaceFolder, tabSize, media, link, alsoText, alsoSent, terminal } = value;
  if (typeof text !== 'string' || typeof language !== 'string' || !optionalString(title) || !optionalString(documentPath) || !optionalString(workspaceFolder)) {
    return undefined;
  }
  const upload = readMedia(media);
  const tabs = typeof tabSize === 'number' && Number.isInteger(tabSize) && tabSize > 0 ? { tabSize } : {};
  const also = readAlsoSent(alsoSent);
  const linked = readLink(link);
  const withText = readAlsoText(alsoText);
  return {
    text,
    language,
    title,
    documentPath,
    workspaceFolder,
    ...tabs,
    ...(upload ? { media: upload } : {}),
    ...(linked ? { link: linked } : {}),
    ...(withText === undefined ? {} : { alsoText: withText }),
    ...(also ? { alsoSent: also } : {}),
    ...(typeof terminal === 'string' ? { terminal } : {}),
  };
}

/** The entry `value` describes, with only the fields the history knows; undefined when it is not one. */
function readEntry(value: unknown): HistoryEntry | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { id, time, robotId, robotName, kind, summary, size, parts, arrived, result, errcode, error, content, msgUuids, host, robotKind, app, recall, reads } = value;
  const valid =
    typeof id === 'string' &&
    typeof time === 'number' &&
    typeof robotId === 'string' &&
    typeof robotName === 'string' &&
    KINDS.includes(kind as SendKind) &&
    typeof summary === 'string' &&
    typeof size === 'number' &&
    (parts === undefined || typeof parts === 'number') &&
    (arrived === undefined || typeof arrived === 'number') &&
    OUTCOMES.includes(result as SendOutcome) &&
    (errcode === undefined || typeof errcode === 'number' || typeof errcode === 'string') &&
    optionalString(error) &&
    (msgUuids === undefined || (Array.isArray(msgUuids) && msgUuids.every((uuid) => typeof uuid === 'string'))) &&
    (host === undefined || typeof host === 'number');
  if (!valid) {
    return undefined;
  }
  const kept = content === undefined ? undefined : readContent(kind as SendKind, content);
  if (content !== undefined && !kept) {
    return undefined;
  }
  // What recall and read receipts add is read leniently: a malformed field is dropped, not the entry.
  return { id, time, robotId, robotName, kind: kind as SendKind, summary, size, parts, arrived, result: result as SendOutcome, errcode, error, content: kept, msgUuids: msgUuids as string[] | undefined, host, robotKind: readRobotKind(robotKind), app: readApp(app), recall: readRecall(recall), reads: readReads(reads) };
}

/** The entries of a history file; undefined for a file that is not one (corrupt, foreign, or a newer version's). */
function parseHistory(text: string): { entries: HistoryEntry[]; skipped: number } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.version !== VERSION || !Array.isArray(data.entries)) {
    return undefined;
  }
  const entries = data.entries.map(readEntry).filter((entry): entry is HistoryEntry => entry !== undefined);
  return { entries, skipped: data.entries.length - entries.length };
}

function newestFirst(entries: HistoryEntry[]): HistoryEntry[] {
  return entries.sort((a, b) => b.time - a.time);
}

function notSent(entry: HistoryEntry): HistoryEntry {
  return { ...entry, result: 'notSent', host: undefined };
}

/** True while process `pid` runs (EPERM: it runs, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Changes not saved kept one by one, replayed as they were asked; beyond this many, the oldest are
 * merged into one (what they changed: the entries as they left them, the ids they removed).
 */
export const KEPT_CHANGES = 16;

/** Where the changes not saved are kept over a reload (the window's workspaceState), until saved. */
export const KEPT_CHANGES_KEY = 'dingtalk.history.unsaved';

type Change = (entries: HistoryEntry[]) => HistoryEntry[];

/** What changes did to a history: the entries they added or changed, as they left them, and the ids they removed. */
interface ChangeEffect {
  entries: HistoryEntry[];
  removed: string[];
}

/** The effect of `apply` on `base`, after the cap. */
function effectOf(base: readonly HistoryEntry[], apply: Change, limits: HistoryLimits): ChangeEffect {
  const before = new Map(base.map((entry) => [entry.id, JSON.stringify(canonical(entry))]));
  const after = capHistory(newestFirst(apply([...base])), limits).entries.map(canonical);
  const ids = new Set(after.map((entry) => entry.id));
  return { entries: after.filter((entry) => before.get(entry.id) !== JSON.stringify(entry)), removed: [...before.keys()].filter((id) => !ids.has(id)) };
}

/** The change that does `effect` again, onto whatever the file holds then. */
function replay(effect: ChangeEffect): Change {
  const gone = new Set([...effect.removed, ...effect.entries.map((entry) => entry.id)]);
  return (entries) => [...effect.entries, ...entries.filter((entry) => !gone.has(entry.id))];
}

/** Kept changes as a reload left them in `state`; entries that cannot be read are left out. */
function readKept(state: StateStore | undefined): ChangeEffect | undefined {
  const value = state?.get<unknown>(KEPT_CHANGES_KEY);
  if (!isRecord(value) || value.version !== VERSION || !Array.isArray(value.entries) || !Array.isArray(value.removed)) {
    return undefined;
  }
  const entries = value.entries.map(readEntry).filter((entry): entry is HistoryEntry => entry !== undefined);
  return { entries, removed: value.removed.filter((id): id is string => typeof id === 'string') };
}

export interface HistoryOptions {
  limits?: HistoryLimits;
  /** Keeps the changes not saved over a reload of the window (its workspaceState), saved by the next window's first save. */
  keep?: StateStore;
  /** This extension host's process id (tests make up others). */
  host?: number;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
}

/**
 * No send stays 'sending' this long (DingTalk's longest throttle is 10 minutes): an older one was
 * cut off, even if its window's process id now belongs to another process, as after a restart.
 */
export const STALE_SENDING_MS = 60 * 60 * 1000;

/**
 * The Sent History. Every change reads the file, applies itself and writes the file back, one change
 * at a time: two sends finishing together both land. Other VS Code windows share the file; each
 * change holds the file's cross-process lock from its read to its write, so no window writes back a
 * copy that misses another's entry. A file this version cannot read is backed up and a new history
 * started.
 */
export class SendHistory {
  private list: HistoryEntry[] = [];
  private chain: Promise<void> = Promise.resolve();
  /** Changes not saved yet, oldest first (the file could not be locked or written). */
  private unsaved: Change[] = [];
  /** The entries as the file last held them, read or written: what kept changes are measured against. */
  private saved: HistoryEntry[] = [];
  /** Whether `keep` holds changes not saved, to remove once they are. */
  private kept = false;
  private readonly keep: StateStore | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  private readonly limits: HistoryLimits;
  private readonly host: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly now: () => number;

  constructor(
    private readonly file: HistoryFile,
    private readonly log: Logger,
    options: HistoryOptions = {},
  ) {
    this.limits = options.limits ?? HISTORY_LIMITS;
    this.host = options.host ?? process.pid;
    this.isAlive = options.isAlive ?? processAlive;
    this.now = options.now ?? Date.now;
    this.keep = options.keep;
    const left = readKept(this.keep);
    if (left) {
      this.kept = true;
      this.unsaved = [replay(left)];
    }
  }

  /** The entries as last read or written, newest first. */
  entries(): readonly HistoryEntry[] {
    return this.list;
  }

  get(id: string): HistoryEntry | undefined {
    return this.list.find((entry) => entry.id === id);
  }

  /**
   * Reads the file again (other windows write it too). Sends left 'sending' by an extension host
   * that no longer runs (a window that crashed or was killed), or for longer than any send takes,
   * become 'notSent', content kept.
   */
  load(): Promise<void> {
    return this.change(this.markCutOff);
  }

  /** `load()`'s change: one function, so the loads that could not be saved are kept as one (`change`). */
  private readonly markCutOff = (entries: HistoryEntry[]): HistoryEntry[] => {
    const live = (entry: HistoryEntry) => entry.host !== undefined && this.isAlive(entry.host) && this.now() - entry.time < STALE_SENDING_MS;
    return entries.map((entry) => (entry.result === 'sending' && !live(entry) ? notSent(entry) : entry));
  };

  /** Adds the entry, or replaces the one with its id; a 'sending' entry is marked as this window's. */
  put(entry: HistoryEntry): Promise<void> {
    const stored = { ...entry, host: entry.result === 'sending' ? this.host : undefined };
    return this.change((entries) => [stored, ...entries.filter((other) => other.id !== entry.id)]);
  }

  /** Changes the entry with this id as the file holds it now (another window may have changed it); nothing when it is gone. */
  update(id: string, apply: (entry: HistoryEntry) => HistoryEntry): Promise<void> {
    return this.change((entries) => entries.map((entry) => (entry.id === id ? { ...apply(entry), id } : entry)));
  }

  remove(id: string): Promise<void> {
    return this.change((entries) => entries.filter((entry) => entry.id !== id));
  }

  /**
   * Removes every entry but those being sent, which would come back when they finish. The entries
   * are those of its first try: saved later (kept, `change`), it leaves what other windows recorded
   * since, and their sends that were under way then.
   */
  clear(): Promise<void> {
    let cleared: ReadonlySet<string> | undefined;
    return this.change((entries) => {
      const gone = (cleared ??= new Set(entries.filter((entry) => entry.result !== 'sending').map((entry) => entry.id)));
      return entries.filter((entry) => !gone.has(entry.id));
    });
  }

  /**
   * For VS Code closing: this window's sends still 'sending' (waiting in the rate-limit queue, say)
   * are written as 'notSent', content kept, before this resolves. Later changes are not written:
   * a send cut short by the shutdown must not turn its entry into 'failed' half-way through exiting.
   */
  close(): Promise<void> {
    const marked = this.change((entries) => entries.map((entry) => (entry.result === 'sending' && entry.host === this.host ? notSent(entry) : entry)));
    this.closed = true;
    return marked;
  }

  /** Resolves once every change asked for so far is written, or failed and was logged. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Tells when the file changed on disk, another window's writes included (`load()` reads them). */
  onDidChangeFile(listener: () => void): { dispose(): void } {
    return this.file.watch?.(listener) ?? { dispose: () => undefined };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Queues a change of the entries as the file holds them; never rejects. A change that cannot be
   * saved (the file's lock comes from the core, which may not load: a damaged installation) is logged,
   * shown in this window, and saved with the next change that can be, before it.
   */
  private change(apply: Change): Promise<void> {
    if (this.closed) {
      return this.chain;
    }
    const exclusive = this.file.exclusive?.bind(this.file) ?? ((task: () => Promise<void>) => task());
    this.chain = this.chain.then(async () => {
      // A change queued again (each load(), as other windows write while the view shows) is kept once, last.
      let changes = [...this.unsaved.filter((one) => one !== apply), apply];
      const all = (entries: HistoryEntry[]): HistoryEntry[] => changes.reduce((list, one) => one(list), entries);
      try {
        if (!(await this.heldAlready(all))) {
          await exclusive(() => this.rewrite(all));
        }
        this.unsaved = [];
        await this.forgetKept();
      } catch (error) {
        // Never throws: the chain must go on to the next change.
        await this.showUnsaved(all, apply).catch((failure: unknown) => this.log.error(`Sent History: the unsaved change could not be shown: ${messageOf(failure)}`));
        const merged = changes.length - KEPT_CHANGES + 1;
        if (merged > 1) {
          const oldest = changes.slice(0, merged);
          changes = [replay(effectOf(this.saved, (entries) => oldest.reduce((list, one) => one(list), entries), this.limits)), ...changes.slice(merged)];
        }
        this.unsaved = changes;
        this.log.error(
          `Sent History could not be saved (${messageOf(error)}): ${changes.length} change(s) kept in this window${merged > 1 ? ` (the oldest ${merged} merged into one)` : ''}, saved with the next change that can be.`,
        );
        await this.keepOverReload(all);
      }
    });
    return this.chain;
  }

  /** Keeps what the changes not saved did, for the window after a reload to save (`keep`). */
  private async keepOverReload(all: Change): Promise<void> {
    if (!this.keep) {
      return;
    }
    try {
      await this.keep.update(KEPT_CHANGES_KEY, { version: VERSION, ...effectOf(this.saved, all, this.limits) });
      this.kept = true;
    } catch (error) {
      this.log.error(`Sent History: the changes not saved could not be kept for after a reload: ${messageOf(error)}`);
    }
  }

  /** Once kept changes are saved: removed from `keep`, so no later window saves them again. */
  private async forgetKept(): Promise<void> {
    if (!this.kept || !this.keep) {
      return;
    }
    try {
      await this.keep.update(KEPT_CHANGES_KEY, undefined);
      this.kept = false;
    } catch (error) {
      this.log.error(`Sent History: the changes kept for after a reload, now saved, could not be removed: ${messageOf(error)}`);
    }
  }

  /** What the view shows of changes not saved: applied to the file as it reads now, else to what this window knows. */
  private async showUnsaved(all: (entries: HistoryEntry[]) => HistoryEntry[], latest: (entries: HistoryEntry[]) => HistoryEntry[]): Promise<void> {
    const text = await this.file.read().catch(() => null);
    const parsed = text === null ? undefined : text === undefined ? { entries: [] } : parseHistory(text);
    if (parsed) {
      this.saved = parsed.entries;
    }
    const entries = parsed ? all([...parsed.entries]) : latest([...this.list]);
    this.list = capHistory(newestFirst(entries), this.limits).entries.map(canonical);
    this.listeners.forEach((listener) => listener());
  }

  /**
   * Whether the file already holds the change (as on a window's first read, most of the time): then
   * the entries are taken from it without the lock other windows' writes wait on, so activation loads
   * no lock. The file is only ever replaced whole, so a read without the lock sees a consistent one.
   */
  private async heldAlready(apply: (entries: HistoryEntry[]) => HistoryEntry[]): Promise<boolean> {
    const text = await this.file.read().catch(() => null);
    const parsed = text === undefined ? { entries: [], skipped: 0 } : text === null ? undefined : parseHistory(text);
    if (!parsed || parsed.skipped > 0) {
      return false;
    }
    const capped = capHistory(newestFirst(apply(parsed.entries)), this.limits);
    const list = capped.entries.map(canonical);
    const held = text === undefined ? list.length === 0 : JSON.stringify({ version: VERSION, entries: list }) === text;
    if (!held || capped.unfinishedLost > 0) {
      return false;
    }
    this.list = list;
    this.saved = list;
    this.listeners.forEach((listener) => listener());
    return true;
  }

  /** Reads the file, applies the change and writes the result, when it differs. */
  private async rewrite(apply: (entries: HistoryEntry[]) => HistoryEntry[]): Promise<void> {
    const { entries, text } = await this.read();
    const capped = capHistory(newestFirst(apply(entries)), this.limits);
    if (capped.unfinishedLost > 0) {
      this.log.warn(`Sent History over its limits (${this.limits.entries} entries, ${this.limits.contentBytes} bytes of content): the content or the whole entry of ${capped.unfinishedLost} unsent send(s) was dropped, oldest first.`);
    }
    this.list = capped.entries.map(canonical);
    const next = JSON.stringify({ version: VERSION, entries: this.list });
    if (next !== text) {
      await this.file.write(next);
    }
    this.saved = this.list;
    this.listeners.forEach((listener) => listener());
  }

  /** The entries in the file and its text; a file that cannot be read as a history is backed up first. */
  private async read(): Promise<{ entries: HistoryEntry[]; text?: string }> {
    let text: string | undefined;
    try {
      text = await this.file.read();
    } catch (error) {
      this.log.error(`Sent History: its file cannot be read (${messageOf(error)}); going on with what this window knows.`);
      return { entries: [...this.list] };
    }
    if (text === undefined) {
      return { entries: [] };
    }
    const parsed = parseHistory(text);
    if (!parsed || parsed.skipped > 0) {
      // Written before anything replaces the file: a failed backup aborts the change.
      const copy = await this.file.backup(text);
      this.log.warn(
        parsed
          ? `Sent History: ${parsed.skipped} entr${parsed.skipped === 1 ? 'y' : 'ies'} could not be read and were left out; the file as it was is kept at ${copy}.`
          : `Sent History: its file is not a history this version can read; it is kept at ${copy} and a new history starts.`,
      );
    }
    return { entries: parsed?.entries ?? [], text };
  }
}
