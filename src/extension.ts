import * as vscode from 'vscode';

/** Command ids contributed in package.json (`contributes.commands`). */
const Commands = {
  about: 'dingtalk.about',
} as const;

export function activate(context: vscode.ExtensionContext): void {
  const version = String(context.extension.packageJSON.version ?? '');
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.about, () => {
      void vscode.window.showInformationMessage(vscode.l10n.t('DingTalk Sender version {0}', version));
    }),
  );
}

export function deactivate(): void {
  // Nothing to clean up: everything registered above lives in context.subscriptions.
}
