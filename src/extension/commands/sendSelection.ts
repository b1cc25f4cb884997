import { jsonByteLength, snippetIndentation, type FileSendResult, type SendResult } from '../../core';
import type { DocumentState, EditorState, FileRef } from '../editorState';
import type { SendAgain } from '../history/entry';
import { canUpload } from '../robotDescription';
import type { RobotRecord } from '../robotStore';
import { reviewWithMentions } from '../send/mentions';
import { sentNotice } from '../send/notices';
import { send } from '../send/pipeline';
import type { Services } from '../services';
import { buildSnippet, isBinary, localVersionNote, snippetLinks, type Snippet, type SnippetLinks } from '../snippet';
import { chooseImageCode } from '../snippetImage/choose';
import { imageSnippetOf, type SnippetForms, type SwitchedForm } from '../snippetImage/snippet';

/**
 * A whole document goes as a snippet only when it reads well as one chat message: at most
 * ONE_MESSAGE_BYTES of snippet (DingTalk takes 20 000 bytes per webhook message, and the title,
 * a keyword and @mentions need some room) and ONE_MESSAGE_LINES lines (past a few hundred lines
 * a reader wants a file to open, not a wall of chat). Larger documents are offered as a file.
 */
const ONE_MESSAGE_BYTES = 18_000;
const ONE_MESSAGE_LINES = 300;
/** A selection that would take more messages than this floods the group: the user is asked first. */
const MANY_PARTS = 5;

type Result = SendResult | FileSendResult[] | undefined;

/** Lines as the editor numbers them, not counting the empty one after a final line break. */
function lineCount(text: string): number {
  return text.replace(/(?:\r\n|\r|\n)$/, '').split(/\r\n|\r|\n/).length;
}

function estimatedParts(snippet: Snippet): number {
  return Math.ceil(jsonByteLength(snippet.text) / ONE_MESSAGE_BYTES);
}

function fileOf(document: DocumentState): FileRef | undefined {
  return document.fsPath ? { fsPath: document.fsPath, relativePath: document.relativePath, isDirty: document.isDirty } : undefined;
}

/** The file on disk holds what the editor shows: only then may "send as a file" stand in for the text. */
function savedFileOf(document: DocumentState): FileRef | undefined {
  return document.isDirty ? undefined : fileOf(document);
}

async function refuseBinary(services: Services, document: DocumentState): Promise<Result> {
  const { ui, t } = services;
  const file = fileOf(document);
  if (!file) {
    void ui.error(t('{0} contains binary data (NUL characters), which a message cannot carry. Save it to a file and send the file.', document.relativePath));
    return undefined;
  }
  const asFile = t('Send as File');
  const choice = await ui.error(t('{0} contains binary data (NUL characters), which a message cannot carry. Send the file instead.', document.relativePath), asFile);
  return choice === asFile ? services.flows.sendFiles([file]) : undefined;
}

/** Asks how to send text too long for one message: as a file when the file on disk holds it, else as text anyway. */
async function offerLong(services: Services, document: DocumentState, snippet: Snippet, lines: number): Promise<Result> {
  const { ui, t } = services;
  const parts = estimatedParts(snippet);
  const file = savedFileOf(document);
  const asText = parts > 1 ? t('Send in {0} Messages', parts) : t('Send as Snippet');
  const asFile = t('Send as File');
  const question =
    parts > 1
      ? t('{0} is too long for one DingTalk message: it would go as about {1} messages.', snippet.label, parts)
      : t('{0} has {1} lines: a lot to read in a chat.', snippet.label, lines);
  const choice = file
    ? await ui.confirm(question, t('Sent as a file, it stays in one piece.'), asFile, asText)
    : await ui.confirm(question, t('It is not saved to disk, so it cannot go as a file.'), asText);
  if (choice === asFile && file) {
    return services.flows.sendFiles([file]);
  }
  return choice === asText ? sendSnippet(services, snippet) : undefined;
}

/** With nothing selected, offers the whole document: as a snippet when it fits one message, else as a file. */
async function sendWholeDocument(services: Services, document: DocumentState): Promise<Result> {
  const { ui, t } = services;
  if (isBinary(document.text)) {
    return refuseBinary(services, document);
  }
  const snippet = buildSnippet(document, undefined, t);
  if (!snippet) {
    void ui.error(t('{0} is empty: nothing to send.', document.relativePath));
    return undefined;
  }
  const lines = lineCount(document.text);
  if (lines > ONE_MESSAGE_LINES || jsonByteLength(snippet.text) > ONE_MESSAGE_BYTES) {
    return offerLong(services, document, snippet, lines);
  }
  const file = savedFileOf(document);
  const asSnippet = t('Send as Snippet');
  const asFile = t('Send as File');
  const choice = await ui.confirm(
    t('Nothing is selected. Send all of {0}?', document.relativePath),
    t('Its {0} lines go as one message.', lines),
    asSnippet,
    ...(file ? [asFile] : []),
  );
  if (choice === asFile && file) {
    return services.flows.sendFiles([file]);
  }
  return choice === asSnippet ? sendSnippet(services, snippet) : undefined;
}

/**
 * Sends the editor's selections as one markdown message (a header with path and lines, then the
 * code fenced, dedented); with nothing selected, offers the whole document. The code goes as
 * an image (and text) when `dingtalk.snippetFormat` says so (several selections: as the user chooses).
 */
export async function sendSelection(services: Services, editor: EditorState | undefined): Promise<Result> {
  const { ui, t } = services;
  if (!editor) {
    void ui.error(t('Open a file and select the code to send to DingTalk.'));
    return undefined;
  }
  const { document, selections } = editor;
  if (selections.length === 0) {
    return sendWholeDocument(services, document);
  }
  if (selections.some((s) => isBinary(s.text))) {
    return refuseBinary(services, document);
  }
  const links = await snippetLinks(document.fsPath, selections);
  const snippet = buildSnippet(document, selections, t, links);
  if (!snippet) {
    void ui.error(t('The selection is empty or only whitespace: select the code to send.'));
    return undefined;
  }
  const { snippetFormat } = services.settings();
  if (snippetFormat !== 'markdown') {
    const drawn = await chooseImageCode(services, editor);
    if (drawn !== 'text') {
      return drawn && services.flows.sendSnippetImage({ ...drawn, alsoText: snippetFormat === 'imageAndText', links: selections.length === 1 ? links : undefined });
    }
  }
  if (estimatedParts(snippet) > MANY_PARTS) {
    return offerLong(services, document, snippet, selections.reduce((sum, s) => sum + lineCount(s.text), 0));
  }
  return sendSnippet(services, snippet, undefined, snippetForms(editor, links));
}

/** What the preview of a selection's text may say and offer: the code as an image (one selection), and whether its indentation carries meaning. */
function snippetForms(editor: EditorState, links: SnippetLinks | undefined): SnippetForms {
  const image = editor.selections.length === 1 ? imageSnippetOf(editor) : undefined;
  const meanings = editor.selections.map((selection) => snippetIndentation(editor.document.languageId, selection.text));
  return {
    image: image && { ...image, links },
    indentation: meanings.includes('syntax') ? 'syntax' : meanings.includes('layout') ? 'layout' : undefined,
  };
}

/**
 * Sends a selection's markdown message as it is, split by the core when long, with the @mentions the
 * settings call for. With `forms.image`, its preview offers the same code as an image (to a robot
 * that can upload); with `forms.indentation`, it says that the clients may flatten the code.
 */
export async function sendSnippet(services: Services, message: Snippet, again?: SendAgain, forms: SnippetForms = {}): Promise<SendResult | undefined> {
  const { t } = services;
  let other: { robot: RobotRecord; switched: SwitchedForm } | undefined;
  let redacted = false;
  const sent = await send(services, {
    again,
    review: async (robot) => {
      const offersImage = forms.image !== undefined && services.snippetImages !== undefined && canUpload(robot);
      const review = await reviewWithMentions(
        services,
        robot,
        {
          kind: 'selection',
          title: () => message.label,
          messageTitle: () => message.title,
          what: message.label,
          text: message.text,
          note: localVersionNote(t, message.linkedAsOf),
          redacted: () => {
            redacted = true;
          },
          extra: { indentation: forms.indentation, other: offersImage ? 'image' : undefined, terminal: forms.terminal },
          otherChosen: ({ at, typed }) => {
            other = { robot, switched: { mentions: { at, typed }, redacted } };
          },
        },
        forms.switched?.mentions,
      );
      if (!review) {
        return undefined;
      }
      const { text, mentions } = review;
      return {
        robot,
        title: (target) => t('Sending {0} to "{1}"', message.label, target.name),
        content: { text, language: 'markdown' },
        history: { kind: 'selection', summary: message.label, content: { text, language: 'markdown', title: message.title, terminal: forms.terminal } },
        preview: (target) => ({
          at: mentions.for(target),
          kind: 'selection',
          title: message.label,
          messageTitle: message.title,
          text,
          note: localVersionNote(t, message.linkedAsOf),
          terminal: forms.terminal,
        }),
        run: (core, progress, resumeFrom, target, msgUuids) =>
          services.client().sendMarkdown(core, message.title, text, { at: mentions.for(target), signal: progress.signal, resumeFrom, msgUuids }),
        success: (result, target) => sentNotice(services, message.label, target.name, result),
      };
    },
  });
  if (other && forms.image) {
    return services.flows.sendSnippetImage(forms.image, { robot: other.robot }, other.switched);
  }
  return sent;
}
