/** What the send commands need to know of an open document, read from VS Code by the adapter. */
export interface DocumentState {
  /** The file on disk; undefined for an untitled document. */
  fsPath?: string;
  /** Workspace-relative path with forward slashes, or the file name outside a workspace. */
  relativePath: string;
  /** The workspace folder on disk holding the file, if any: markdown's `/images/a.png` is found there, as in VS Code's preview. */
  workspaceFolder?: string;
  languageId: string;
  text: string;
  /** Unsaved changes: the text differs from the file on disk. */
  isDirty: boolean;
}

/** One selection; lines are 1-based and inclusive, as the user sees them. */
export interface SelectionState {
  startLine: number;
  endLine: number;
  text: string;
}

export interface EditorState {
  document: DocumentState;
  /** Empty selections are left out by the adapter. */
  selections: SelectionState[];
  /** The lines on screen, whole: what Send Selection as Image draws when nothing is selected. */
  visibleRange?: SelectionState;
  /** The editor's tab size, for drawing tabs as the editor shows them. */
  tabSize?: number;
}

/** A file to send, as the explorer, an editor tab or the active editor names it. */
export interface FileRef {
  fsPath: string;
  /** Workspace-relative path with forward slashes, or the file name outside a workspace. */
  relativePath: string;
  /** Open in an editor with unsaved changes: the version on disk is what gets sent. */
  isDirty?: boolean;
}
