import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PreviewAnswer, PreviewModel } from '../ports';
import { previewHtml } from '../review/previewHtml';

function answerOf(message: unknown): PreviewAnswer | 'cancel' | undefined {
  const answer = (message as { answer?: unknown } | undefined)?.answer;
  return answer === 'send' || answer === 'dontAsk' || answer === 'other' || answer === 'cancel' ? answer : undefined;
}

/**
 * Shows the preview in a webview panel beside the editor, focused so Enter sends, and resolves with
 * the user's answer; Cancel, Escape and closing the panel resolve with undefined. The panel goes
 * away once answered. It is not kept alive while hidden: its page is static and rebuilt if shown again.
 */
export function showPreviewPanel(model: PreviewModel): Promise<PreviewAnswer | undefined> {
  const panel = vscode.window.createWebviewPanel(
    'dingtalk.sendPreview',
    model.title,
    { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
    { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: false },
  );
  panel.webview.html = previewHtml(model, randomBytes(16).toString('base64'));
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const finish = (answer: PreviewAnswer | undefined): void => {
      subscriptions.forEach((subscription) => subscription.dispose());
      resolve(answer);
      panel.dispose();
    };
    subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        const answer = answerOf(message);
        if (answer) {
          finish(answer === 'cancel' ? undefined : answer);
        }
      }),
      panel.onDidDispose(() => finish(undefined)),
    );
  });
}
