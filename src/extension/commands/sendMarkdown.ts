import { basename } from 'node:path';
import type { SendResult } from '../../core';
import type { DocumentState, EditorState } from '../editorState';
import { mentionsForSend, mentionsForTarget } from '../mentions';
import { pickRobot } from '../robotPicker';
import { sentNotice } from '../sendNotices';
import { runSend } from '../sendRunner';
import type { Services } from '../services';
import { markdownTitle, stripFrontMatter, type Snippet } from '../snippet';

/** Sends a markdown message, split by the core when long, with the @mentions the settings call for. */
export async function sendAsMarkdown(services: Services, message: Snippet): Promise<SendResult | undefined> {
  const { t } = services;
  const robot = await pickRobot(services);
  if (!robot) {
    return undefined;
  }
  const typed = services.settings().askForMentions;
  const at = await mentionsForSend(services, robot, typed);
  if (at === null) {
    return undefined;
  }
  return runSend(services, {
    robot,
    title: (target) => t('Sending {0} to "{1}"', message.label, target.name),
    content: { text: message.text, language: 'markdown' },
    run: (core, progress, resumeFrom, target) =>
      services.client().sendMarkdown(core, message.title, message.text, { at: mentionsForTarget(robot, at, typed, target), signal: progress.signal, resumeFrom }),
    success: (result, target) => sentNotice(services, message.label, target.name, result),
  });
}

function isMarkdownDocument(document: DocumentState): boolean {
  return document.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(document.fsPath ?? document.relativePath);
}

/** The selected text in document order, or the whole document without its front matter. */
function markdownSource(editor: EditorState): string {
  const selected = [...editor.selections].filter((s) => s.text.trim()).sort((a, b) => a.startLine - b.startLine);
  return selected.length > 0 ? selected.map((s) => s.text).join('\n\n') : stripFrontMatter(editor.document.text);
}

/**
 * Sends a markdown document (or its non-empty selections) as a markdown message, titled with its
 * first heading, else its file name. The text goes as it is, apart from a leading YAML front matter.
 */
export async function sendMarkdown(services: Services, editor: EditorState | undefined): Promise<SendResult | undefined> {
  const { ui, t } = services;
  if (!editor) {
    void ui.error(t('Open a markdown document (or its preview) to send it to DingTalk.'));
    return undefined;
  }
  const { document } = editor;
  if (!isMarkdownDocument(document)) {
    void ui.error(t('{0} is not a markdown document. Send Markdown sends .md files; use Send Selection or Send File for other files.', document.relativePath));
    return undefined;
  }
  const text = markdownSource(editor);
  if (!text.trim()) {
    void ui.error(t('{0} has no content to send.', document.relativePath));
    return undefined;
  }
  const title = markdownTitle(text) ?? basename(document.relativePath);
  return sendAsMarkdown(services, { title, label: document.relativePath, text });
}
