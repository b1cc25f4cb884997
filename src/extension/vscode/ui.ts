import * as vscode from 'vscode';
import type { InputOptions, PickItem, PickOptions, PreviewAnswer, PreviewModel, ProgressReporter, Ui } from '../ports';
import { lazyBundle } from '../lazy';
import type * as PreviewPanel from './previewPanel';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the webview's page and its markdown-it, loaded on the first preview (dist/preview.js)
const previewPanel = lazyBundle('preview', () => require('./previewPanel') as typeof PreviewPanel);

/** Sends that finish sooner than this never show a progress notification. */
const PROGRESS_DELAY_MS = 500;

function quickPickItems<T>(items: PickItem<T>[]): Array<vscode.QuickPickItem & { value: T }> {
  return items.map((item) => ({ label: item.label, description: item.description, detail: item.detail, picked: item.picked, value: item.value }));
}

/** The Ui port on VS Code's window: quick picks, input boxes, notifications, progress, clipboard, the send preview. */
export class VsCodeUi implements Ui {
  async pick<T>(items: PickItem<T>[], options: PickOptions): Promise<T | undefined> {
    const picked = await vscode.window.showQuickPick(quickPickItems(items), {
      title: options.title,
      placeHolder: options.placeholder,
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    return picked?.value;
  }

  async pickMany<T>(items: PickItem<T>[], options: PickOptions): Promise<T[] | undefined> {
    const picked = await vscode.window.showQuickPick(quickPickItems(items), {
      title: options.title,
      placeHolder: options.placeholder,
      ignoreFocusOut: true,
      canPickMany: true,
    });
    return picked?.map((item) => item.value);
  }

  async input(options: InputOptions): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      placeHolder: options.placeholder,
      value: options.value,
      password: options.password,
      ignoreFocusOut: true,
      validateInput: options.validate,
    });
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }

  async warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, ...actions);
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showErrorMessage(message, ...actions);
  }

  async confirm(message: string, detail: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  }

  /**
   * Runs `task` at once, and shows a cancellable progress notification only if it is still running
   * after half a second, so quick sends do not flash a notification.
   */
  async withProgress<T>(title: string, task: (progress: ProgressReporter) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let shown: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    let pending: { message?: string; increment: number } = { increment: 0 };
    const reporter: ProgressReporter = {
      signal: controller.signal,
      report: (message, increment) => {
        if (shown) {
          shown.report({ message, increment });
        } else {
          pending = { message, increment: pending.increment + (increment ?? 0) };
        }
      },
    };
    const running = task(reporter);
    const timer = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        shown = progress;
        progress.report(pending);
        await running.catch(() => undefined);
      });
    }, PROGRESS_DELAY_MS);
    try {
      return await running;
    } finally {
      clearTimeout(timer);
    }
  }

  async copy(text: string): Promise<void> {
    await vscode.env.clipboard.writeText(text);
  }

  async openSetting(id: string): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openSettings', id);
  }

  preview(model: PreviewModel): Promise<PreviewAnswer | undefined> {
    return previewPanel().showPreviewPanel(model);
  }
}
