import * as vscode from 'vscode';
import { HISTORY_VIEW } from '../commandIds';
import { describeEntry, type EntryView } from '../history/describe';
import type { HistoryEntry } from '../history/entry';
import type * as ReadStatus from '../history/readStatus';
import type { HistoryServices } from '../history/sendAgain';
import { needingCore } from '../lazy';
import type { PreviewDocument } from '../ports';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- it needs the core, loaded on first use (src/extension/lazy.ts)
const readStatus = needingCore(() => require('../history/readStatus') as typeof ReadStatus);

const ICON_COLORS: Partial<Record<EntryView['icon'], string>> = {
  check: 'testing.iconPassed',
  error: 'testing.iconFailed',
  warning: 'list.warningForeground',
};

function treeItem(services: Omit<HistoryServices, 'flows'>, entry: HistoryEntry): vscode.TreeItem {
  const view = describeEntry(services, entry, Date.now());
  const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.None);
  item.id = entry.id;
  item.description = view.description;
  item.tooltip = view.tooltip;
  item.contextValue = view.contextValue;
  const color = ICON_COLORS[view.icon];
  item.iconPath = new vscode.ThemeIcon(view.icon, color ? new vscode.ThemeColor(color) : undefined);
  return item;
}

/**
 * The Sent History tree view, newest first. It follows the history's changes, and reads the file
 * again whenever it is shown and, while it shows, whenever another window changes it.
 */
export function createHistoryView(services: Omit<HistoryServices, 'flows'>): vscode.Disposable {
  const { history } = services;
  const changed = new vscode.EventEmitter<void>();
  const view = vscode.window.createTreeView<HistoryEntry>(HISTORY_VIEW, {
    treeDataProvider: {
      onDidChangeTreeData: changed.event,
      getTreeItem: (entry) => treeItem(services, entry),
      // Waits for the first read, so the welcome text does not flash before the entries.
      getChildren: async (entry) => {
        if (entry) {
          return [];
        }
        await history.settled();
        return [...history.entries()];
      },
    },
  });
  const subscription = history.onDidChange(() => changed.fire());
  // Other windows' writes, followed only while the view shows.
  let others: { dispose(): void } | undefined;
  const follow = (visible: boolean): void => {
    if (visible) {
      others ??= history.onDidChangeFile(() => void history.load());
    } else {
      others?.dispose();
      others = undefined;
    }
  };
  const visibility = view.onDidChangeVisibility((event) => {
    follow(event.visible);
    if (event.visible) {
      // Who read the recent app-robot sends is asked once per opening, never on a timer; a wait shows.
      void history
        .load()
        .then(() => readStatus().refreshReadStatusOnOpen(services))
        .catch((error: unknown) => services.log.error(`Sent History: read status not refreshed: ${String(error)}`));
    }
  });
  follow(view.visible);
  return vscode.Disposable.from(view, changed, visibility, { dispose: () => subscription.dispose() }, { dispose: () => follow(false) });
}

/** Opens a Sent History entry's content in an untitled editor. */
export async function openPreview(document: PreviewDocument): Promise<void> {
  const opened = await vscode.workspace.openTextDocument({ content: document.content, language: document.language });
  await vscode.window.showTextDocument(opened, { preview: true });
}
