import * as vscode from 'vscode';
import type { FileRef } from '../commands/sendFile';
import type { DocumentState, EditorState, SelectionState } from '../editorState';

const MARKDOWN_PREVIEW_EDITOR = 'vscode.markdown.preview.editor';

export function documentState(document: vscode.TextDocument): DocumentState {
  return {
    fsPath: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
    relativePath: document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false),
    languageId: document.languageId,
    text: document.getText(),
    isDirty: document.isDirty,
  };
}

function selectionState(document: vscode.TextDocument, selection: vscode.Selection): SelectionState {
  // A selection ending at column 0 of a line does not include that line, as the user sees it.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  // A selection starting after the first line's indentation keeps it, so the snippet can be dedented.
  const before = document.lineAt(selection.start.line).text.slice(0, selection.start.character);
  const start = before.trim() === '' ? selection.start.with({ character: 0 }) : selection.start;
  return { startLine: selection.start.line + 1, endLine: endLine + 1, text: document.getText(new vscode.Range(start, selection.end)) };
}

export function editorState(editor: vscode.TextEditor | undefined): EditorState | undefined {
  if (!editor) {
    return undefined;
  }
  const selections = editor.selections
    .filter((selection) => !selection.isEmpty)
    .sort((a, b) => a.start.compareTo(b.start))
    .map((selection) => selectionState(editor.document, selection));
  return { document: documentState(editor.document), selections };
}

export async function uriState(uri: vscode.Uri): Promise<EditorState> {
  return { document: documentState(await vscode.workspace.openTextDocument(uri)), selections: [] };
}

export function fileRef(uri: vscode.Uri): FileRef {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return { fsPath: uri.fsPath, relativePath: vscode.workspace.asRelativePath(uri, false), isDirty: open?.isDirty ?? false };
}

/**
 * The markdown document behind the active preview. A `webview/context` command is not handed the
 * document, so it is found from the active tab: the preview opened as an editor names its URI; the
 * classic preview only has a label ("Preview README.md"), matched against open markdown documents.
 */
export function previewedDocument(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === MARKDOWN_PREVIEW_EDITOR) {
    return tab.input.uri;
  }
  if (!(tab?.input instanceof vscode.TabInputWebview) || !tab.input.viewType.includes('markdown.preview')) {
    return undefined;
  }
  const label = tab.label;
  const candidates = vscode.workspace.textDocuments.filter(
    (document) => document.languageId === 'markdown' && label.endsWith(document.uri.path.split('/').pop() ?? '\0'),
  );
  const visible = candidates.filter((document) => vscode.window.visibleTextEditors.some((editor) => editor.document === document));
  return (visible.length === 1 ? visible[0] : candidates.length === 1 ? candidates[0] : undefined)?.uri;
}
