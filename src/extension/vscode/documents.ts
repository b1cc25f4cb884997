import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { DocumentState, EditorState, FileRef, SelectionState } from '../editorState';

const MARKDOWN_PREVIEW_EDITOR = 'vscode.markdown.preview.editor';

/**
 * The path the group sees: relative to the workspace folder (with the folder's name in a multi-root
 * workspace), or just the file name outside the workspace, so no home folder is ever posted.
 */
export function displayPath(uri: vscode.Uri): string {
  if (!vscode.workspace.getWorkspaceFolder(uri)) {
    return basename(uri.path);
  }
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

export function documentState(document: vscode.TextDocument): DocumentState {
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return {
    fsPath: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
    workspaceFolder: folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined,
    relativePath: document.isUntitled ? document.fileName : displayPath(document.uri),
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
  const visible = editor.visibleRanges[0];
  const visibleRange = visible && {
    startLine: visible.start.line + 1,
    endLine: visible.end.line + 1,
    text: editor.document.getText(new vscode.Range(visible.start.line, 0, visible.end.line, editor.document.lineAt(visible.end.line).text.length)),
  };
  const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : undefined;
  return { document: documentState(editor.document), selections, visibleRange, tabSize };
}

export async function uriState(uri: vscode.Uri): Promise<EditorState> {
  return { document: documentState(await vscode.workspace.openTextDocument(uri)), selections: [] };
}

export function fileRef(uri: vscode.Uri): FileRef {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return { fsPath: uri.fsPath, relativePath: displayPath(uri), isDirty: open?.isDirty ?? false };
}

/** The file behind the active tab: a text editor, or an image, PDF or other custom editor. */
export function activeTabFile(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) {
    return input.uri;
  }
  return vscode.window.activeTextEditor?.document.uri;
}

/** Markdown files open in tabs or loaded as documents, whose name the preview's tab label ends with. */
function previewCandidates(label: string): vscode.Uri[] {
  const named = (uri: vscode.Uri): boolean => /\.(md|markdown)$/i.test(uri.path) && label.endsWith(basename(uri.path));
  const inTabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri : undefined))
    .filter((uri): uri is vscode.Uri => uri !== undefined && named(uri));
  const pool = inTabs.length > 0 ? inTabs : vscode.workspace.textDocuments.map((document) => document.uri).filter(named);
  return [...new Map(pool.map((uri) => [uri.toString(), uri])).values()];
}

/**
 * The markdown document behind the active preview. A `webview/context` command is not handed the
 * document, so it is found from the active tab: the preview opened as an editor names its URI; the
 * classic preview only has a label ("Preview README.md"), matched against open markdown files, and
 * the user picks when several match.
 */
export async function previewedDocument(pickPlaceholder: string): Promise<vscode.Uri | undefined> {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
  if (tab?.input instanceof vscode.TabInputCustom && tab.input.viewType === MARKDOWN_PREVIEW_EDITOR) {
    return tab.input.uri;
  }
  if (!(tab?.input instanceof vscode.TabInputWebview) || !tab.input.viewType.includes('markdown.preview')) {
    return undefined;
  }
  const candidates = previewCandidates(tab.label);
  if (candidates.length <= 1) {
    return candidates[0];
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((uri) => ({ label: displayPath(uri), uri })),
    { placeHolder: pickPlaceholder },
  );
  return picked?.uri;
}
