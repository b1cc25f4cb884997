import { isAbsolute, relative, sep } from 'node:path';
import { escapeHtmlText } from '../../core';
import type { Translate } from '../ports';
import { fenceFor } from '../snippet';
import { cleanTerminalOutput, shortenOutput, type ShortenOptions, type Span } from './cleanOutput';

/** What the terminal and its shell integration tell about the output. */
export interface TerminalOutput {
  /** The terminal's name, as its tab shows it: `bash`, `npm: test`. */
  terminalName: string;
  /** The selected (or read) text, escape sequences and all. */
  output: string;
  /** The working directory, when shell integration knows it. */
  cwd?: string;
  /** The command line that produced the output, when shell integration knows it. */
  commandLine?: string;
}

export interface WorkspaceFolderInfo {
  name: string;
  path: string;
}

/** What a terminal message is made of: the terminal's name, the folder and command line when known, the cleaned output. */
export interface TerminalParts {
  name: string;
  /** The working directory, as shown. */
  where?: string;
  command?: string;
  /** The output, cleaned: every line of it. */
  output: string;
}

export interface TerminalMessage {
  /** The terminal's name, as the message shows it. */
  terminal: string;
  title: string;
  /** What the user is told was sent. */
  label: string;
  text: string;
  /** Lines cut from the middle of long output. */
  cutLines?: number;
  /** The output's lines, cut or not. */
  totalLines: number;
  /** The whole output as a `.txt` file: the terminal, folder and command line, then every line, cleaned. */
  file: { name: string; text: string };
  parts: TerminalParts;
}

/** `src/app` under the workspace folder holding it (`api/src` in a multi-root workspace), else the path as it is. */
export function displayCwd(cwd: string, folders: readonly WorkspaceFolderInfo[]): string {
  for (const folder of folders) {
    const rel = relative(folder.path, cwd);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      const inside = rel.split(sep).join('/');
      if (folders.length > 1) {
        return inside ? `${folder.name}/${inside}` : folder.name;
      }
      return inside || '.';
    }
  }
  return cwd;
}

/** `bash-output.txt`, `npm-test-output.txt`: the terminal's name, safe as a file name. */
function outputFileName(terminalName: string): string {
  const base = terminalName.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^[-.]+|-+$/g, '');
  return `${base || 'terminal'}-output.txt`;
}

function code(text: string): string {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

/**
 * The markdown message for terminal output: the terminal's name, the working directory relative to
 * the workspace and the command line when known, then the cleaned output in a code block (its
 * head and tail when long, with the number of lines cut). Undefined when nothing is left to send.
 */
export function buildTerminalMessage(source: TerminalOutput, folders: readonly WorkspaceFolderInfo[], t: Translate, options: ShortenOptions = {}): TerminalMessage | undefined {
  const output = cleanTerminalOutput(source.output);
  if (!output.trim()) {
    return undefined;
  }
  const where = source.cwd ? displayCwd(source.cwd, folders) : undefined;
  return terminalMessage({ name: source.terminalName.trim() || t('Terminal'), where, command: source.commandLine?.trim() || undefined, output }, t, options);
}

/** Where the command line and the output are in the `.txt` file's text, so what a scan of the file found can be found in them. */
function fileLayout(parts: TerminalParts, t: Translate): { about: string; commandAt: number; outputAt: number } {
  const about = [`${t('Terminal')}: ${parts.name}`, ...(parts.where ? [t('in {0}', parts.where)] : [])].join(' · ');
  const commandAt = about.length + 2 + 2;
  return { about, commandAt, outputAt: parts.command ? commandAt + parts.command.length + 1 : about.length + 2 };
}

/** The message and the `.txt` file of terminal output, from what they are made of. */
export function terminalMessage(parts: TerminalParts, t: Translate, options: ShortenOptions = {}): TerminalMessage {
  const { name, where, command, output } = parts;
  const { text: body, cut } = shortenOutput(output, (lines) => t('… {0} lines cut …', lines), options);
  const header = [`**${t('Terminal')}** ${code(name)}`, where && t('in {0}', code(where))].filter(Boolean).join(' · ');
  // Escaped as the snippets are, so a literal `&lt;` in the output survives.
  const shown = escapeHtmlText(command ? `$ ${command}\n${body}` : body);
  const fence = fenceFor(shown);
  return {
    terminal: name,
    title: command ? `${name}: ${command}` : name,
    label: command ? t('terminal output of {0}', command) : t('terminal output from {0}', name),
    text: `${header}\n\n${fence}\n${shown}\n${fence}`,
    cutLines: cut?.lines,
    totalLines: output.split('\n').length,
    file: { name: outputFileName(name), text: `${fileLayout(parts, t).about}\n\n${command ? `$ ${command}\n` : ''}${output}\n` },
    parts,
  };
}

/**
 * The parts with what a scan of their `.txt` file found (offsets in `file.text`) redacted as the
 * file was: the command line's and the output's, each by the part of a finding inside it.
 */
export function redactedParts<F extends Span>(parts: TerminalParts, findings: readonly F[], redact: (text: string, found: readonly F[]) => string, t: Translate): TerminalParts {
  const { commandAt, outputAt } = fileLayout(parts, t);
  const within = (from: number, length: number): F[] =>
    findings
      .filter((found) => found.start < from + length && found.end > from)
      .map((found) => ({ ...found, start: Math.max(found.start, from) - from, end: Math.min(found.end, from + length) - from }));
  return {
    ...parts,
    command: parts.command && redact(parts.command, within(commandAt, parts.command.length)),
    output: redact(parts.output, within(outputAt, parts.output.length)),
  };
}
