import type { FileSendResult, SendResult } from '../core';
import type { EditorState, FileRef } from './editorState';
import type { SendAgain } from './history/entry';
import type { RobotRecord } from './robotStore';
import type { Snippet } from './snippet';
import type { ImageSnippet, SnippetForms, SwitchedForm } from './snippetImage/snippet';

/**
 * What one command's flow needs of another: Add Robot when there is no robot yet, Edit Robot from
 * a failure, the send flows for the Sent History's Resend and Retry. The registration table hands
 * them in (vscode/registerCommands.ts), so no command imports another and nothing below the
 * commands imports one.
 */
export interface Flows {
  addRobot(): Promise<RobotRecord | undefined>;
  editRobot(robotId: string): Promise<RobotRecord | undefined>;
  testRobot(robotId: string): Promise<boolean>;
  sendFiles(files: FileRef[], again?: SendAgain): Promise<FileSendResult[] | undefined>;
  /** A selection's snippet, as Send Selection sends it. */
  sendSnippet(snippet: Snippet, again?: SendAgain, forms?: SnippetForms): Promise<SendResult | undefined>;
  /** A selection drawn as an image, as Send Selection as Image sends it. */
  sendSnippetImage(snippet: ImageSnippet, again?: SendAgain, switched?: SwitchedForm): Promise<SendResult | undefined>;
  sendMarkdown(editor: EditorState, again?: SendAgain): Promise<SendResult | undefined>;
  /**
   * Terminal output as a `.txt` file, as Send Terminal Selection sends it: `file` its name and text,
   * `about` what the Sent History calls it and the terminal it came from.
   */
  sendTerminalFile(file: { name: string; text: string }, about: { summary: string; terminal?: string }, again?: SendAgain): Promise<FileSendResult | undefined>;
  /** A message whose text is given: no prompt for it or for @mentions. */
  sendMessage(text: string, again?: SendAgain): Promise<SendResult | undefined>;
}
