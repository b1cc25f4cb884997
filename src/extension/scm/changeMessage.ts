import { escapeHtmlText, jsonByteLength } from '../../core';
import type { Translate } from '../ports';
import { fenceFor } from '../snippet';
import type { ChangeSet, FileChange, Hunk } from './changeSet';

/** One markdown message of a change. */
export interface ChangePart {
  title: string;
  text: string;
}

export interface ChangeMessage {
  /** The markdown title: `widgets: Fix the parser`. */
  title: string;
  /** The messages, numbered "(1/3)"… when there are several, split between files (a file too long for one, between hunks). */
  parts: ChangePart[];
  /** The header, the file list and the links, without any diff: what to send instead when there are too many parts. */
  summary: ChangePart;
  /** The header and the file list, without the line saying the diff is left out. */
  intro: string;
}

export interface ChangeMessageOptions {
  /** Room for a part's text, in bytes of JSON-escaped UTF-8 (what DingTalk counts). */
  maxPartBytes?: number;
}

/** More parts than this, and the command asks: the summary only, or everything. */
export const ASK_ABOVE_PARTS = 5;
/** Fits a webhook body and an app robot's msgParam with room for the title, a keyword and @mentions. */
const DEFAULT_PART_BYTES = 12_000;
/** The file list names this many files; the rest are counted. */
const LISTED_FILES = 100;

/** A path as inline code, with a backtick run longer than any inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

/** Markdown emphasis, code and link characters escaped, for a subject line. */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, '\\$&');
}

function counts(file: Pick<FileChange, 'added' | 'removed'>): string {
  return `+${file.added} -${file.removed}`;
}

/** Whether the file's diff is shown: added, deleted, binary and unreadable files are only named. */
export function isDiffShown(file: FileChange): boolean {
  return !file.binary && !file.tooLarge && file.status !== 'added' && file.status !== 'deleted' && file.hunks.length > 0;
}

function fileItem(file: FileChange, t: Translate): string {
  const name = file.oldPath ? `${code(file.oldPath)} → ${code(file.path)}` : code(file.path);
  const notes: string[] = [];
  if (file.status === 'renamed') {
    notes.push(t('renamed'));
  } else if (file.status === 'copied') {
    notes.push(t('copied'));
  } else if (file.status === 'added') {
    notes.push(file.untracked ? t('new, untracked') : t('added'));
  } else if (file.status === 'deleted') {
    notes.push(t('deleted'));
  } else if (file.status === 'typeChanged') {
    notes.push(t('type changed'));
  }
  if (file.binary) {
    notes.push(t('binary'));
  } else if (file.tooLarge) {
    notes.push(t('too large to show'));
  } else {
    notes.push(counts(file));
  }
  return `- ${name} · ${notes.join(' · ')}`;
}

function scopeLine(change: ChangeSet, t: Translate): string {
  const scope = change.scope;
  switch (scope.kind) {
    case 'staged':
      return t('Staged changes, not committed');
    case 'workingTree':
      return t('Uncommitted changes');
    case 'files':
      return t('Uncommitted changes to the chosen files');
    case 'commit': {
      const { commit } = scope;
      const lines = [`**${plain(commit.subject)}**`, `${code(commit.shortHash)} · ${plain(commit.authorName)} · ${commit.authorDate}`];
      if (scope.mergeParent) {
        lines.push(t('Merge commit: its changes against the first parent {0}', code(scope.mergeParent.slice(0, commit.shortHash.length))));
      }
      return lines.join('  \n');
    }
    case 'range':
      return scope.commits === 1
        ? t('Changes since {0} (merge base {1}): 1 commit', code(scope.ref), code(scope.base.slice(0, 7)))
        : t('Changes since {0} (merge base {1}): {2} commits', code(scope.ref), code(scope.base.slice(0, 7)), scope.commits);
  }
}

function publicationLine(change: ChangeSet, t: Translate): string | undefined {
  const publication = change.publication;
  if (!publication) {
    return undefined;
  }
  if (!publication.pushed) {
    return change.scope.kind === 'range' ? t('Local: the branch is not pushed.') : t('Local: the commit is not pushed.');
  }
  if (!publication.url) {
    return t('Pushed to {0}.', code(publication.remote));
  }
  return change.scope.kind === 'range' ? `[${t('Compare on the web')}](${publication.url})` : `[${t('View the commit on the web')}](${publication.url})`;
}

function header(change: ChangeSet, t: Translate): string {
  const { repository } = change;
  const where = repository.branch
    ? `**${plain(repository.name)}** · ${code(repository.branch)}`
    : `**${plain(repository.name)}** · ${repository.head ? t('detached at {0}', code(repository.head.slice(0, 7))) : t('no commits yet')}`;
  const lines = [where, scopeLine(change, t), publicationLine(change, t)].filter((line): line is string => line !== undefined);
  return lines.join('  \n');
}

function fileList(files: readonly FileChange[], t: Translate): string {
  if (files.length === 0) {
    return t('No changes.');
  }
  const added = files.reduce((sum, file) => sum + file.added, 0);
  const removed = files.reduce((sum, file) => sum + file.removed, 0);
  const total = files.length === 1 ? t('1 file changed, {0}', counts({ added, removed })) : t('{0} files changed, {1}', files.length, counts({ added, removed }));
  const items = files.slice(0, LISTED_FILES).map((file) => fileItem(file, t));
  if (files.length > LISTED_FILES) {
    items.push(t('- … and {0} more files', files.length - LISTED_FILES));
  }
  return `${total}\n\n${items.join('\n')}`;
}

function titleOf(change: ChangeSet, t: Translate): string {
  const { name } = change.repository;
  const scope = change.scope;
  if (scope.kind === 'commit') {
    return `${name}: ${scope.commit.subject}`;
  }
  if (scope.kind === 'range') {
    return t('{0}: changes since {1}', name, scope.ref);
  }
  return change.files.length === 1 ? t('{0}: 1 changed file', name) : t('{0}: {1} changed files', name, change.files.length);
}

function diffBlock(title: string, hunks: readonly Hunk[]): string {
  // Escaped as the snippets are: sizes count what is sent, and a literal `&lt;` in the code survives.
  const body = escapeHtmlText(hunks.flatMap((hunk) => [hunk.header, ...hunk.lines]).join('\n'));
  const fence = fenceFor(body);
  return `${title}\n\n${fence}diff\n${body}\n${fence}`;
}

/** A diff block's fence and newlines, with room for a fence made longer by backticks in the diff. */
const BLOCK_OVERHEAD = 32;
const NEWLINE_BYTES = jsonByteLength('\n');

function linesBytes(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + jsonByteLength(escapeHtmlText(line)) + NEWLINE_BYTES, 0);
}

/**
 * Hunks cut into diff blocks that fit `budget` each; a hunk too long alone is cut between lines.
 * Sizes are added up line by line, so a file of many thousand lines costs one pass.
 */
function pieces(title: (continued: boolean) => string, hunks: readonly Hunk[], budget: number): string[] {
  const blocks: string[] = [];
  let current: Hunk[] = [];
  let used = 0;
  const room = (): number => budget - BLOCK_OVERHEAD - jsonByteLength(title(true));
  const flush = (): void => {
    if (current.length > 0) {
      blocks.push(diffBlock(title(blocks.length > 0), current));
      current = [];
      used = 0;
    }
  };
  for (const hunk of hunks) {
    const size = linesBytes([hunk.header, ...hunk.lines]);
    if (used + size > room()) {
      flush();
    }
    if (size <= room()) {
      current.push(hunk);
      used += size;
      continue;
    }
    let slice: Hunk = { ...hunk, lines: [] };
    used = linesBytes([hunk.header]);
    for (const line of hunk.lines) {
      const cost = jsonByteLength(escapeHtmlText(line)) + NEWLINE_BYTES;
      if (slice.lines.length > 0 && used + cost > room()) {
        current.push(slice);
        flush();
        slice = { ...hunk, header: '@@ … @@', lines: [] };
        used = linesBytes([slice.header]);
      }
      slice.lines.push(line);
      used += cost;
    }
    current.push(slice);
  }
  flush();
  return blocks;
}

function fileSections(file: FileChange, t: Translate, budget: number): string[] {
  if (!isDiffShown(file)) {
    return [];
  }
  const name = file.oldPath ? `**${plain(file.oldPath)}** → **${plain(file.path)}**` : `**${plain(file.path)}**`;
  return pieces((continued) => (continued ? t('{0} (continued)', name) : `${name} ${counts(file)}`), file.hunks, budget);
}

/** Sections packed in order into as few parts as fit `budget`. */
function pack(sections: readonly string[], budget: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const section of sections) {
    const joined = current ? `${current}\n\n${section}` : section;
    if (current && jsonByteLength(joined) > budget) {
      parts.push(current);
      current = section;
    } else {
      current = joined;
    }
  }
  if (current) {
    parts.push(current);
  }
  return parts;
}

/**
 * The DingTalk markdown messages of a change: a header (repository, branch; a commit's subject,
 * short hash, author and date; whether it is pushed, with its page), the list of files with their
 * line counts, then each modified or renamed file's diff in a `diff` block. Added, deleted, binary
 * and unreadable files are named in the list, not shown. What does not fit one message is split
 * between files into numbered parts.
 */
export function buildChangeMessage(change: ChangeSet, t: Translate, options: ChangeMessageOptions = {}): ChangeMessage {
  const budget = options.maxPartBytes ?? DEFAULT_PART_BYTES;
  const title = titleOf(change, t);
  const intro = `${header(change, t)}\n\n${fileList(change.files, t)}`;
  // Later parts start with a line naming the change and the part: room is kept for it.
  const continuation = (index: number, total: number): string => `**${plain(change.repository.name)}** · ${plain(title)} (${index}/${total})`;
  const room = budget - jsonByteLength(continuation(99, 99)) - 4;
  const sections = [intro, ...change.files.flatMap((file) => fileSections(file, t, room))];
  const packed = pack(sections, room);
  const parts = packed.map((text, i) => {
    if (packed.length === 1) {
      return { title, text };
    }
    return { title: `${title} (${i + 1}/${packed.length})`, text: i === 0 ? text : `${continuation(i + 1, packed.length)}\n\n${text}` };
  });
  const omitted = parts.length > 1 ? t('The diff is not included: it takes {0} messages.', parts.length) : t('The diff is not included.');
  return { title, parts, summary: { title, text: `${intro}\n\n${omitted}` }, intro };
}

/** Whether the command must ask before sending everything: more than `ASK_ABOVE_PARTS` messages. */
export function asksBeforeSending(message: ChangeMessage): boolean {
  return message.parts.length > ASK_ABOVE_PARTS;
}
