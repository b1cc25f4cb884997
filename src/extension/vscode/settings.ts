import * as vscode from 'vscode';
import type { TransportOptions } from '../../core';
import type { ExtensionSettings } from '../services';

/**
 * A setting's value from the user's own settings only. VS Code already ignores workspace values of
 * application-scoped settings; reading the global value keeps that true for settings VS Code owns.
 */
function userValue<T>(section: string, key: string): T | undefined {
  return vscode.workspace.getConfiguration(section).inspect<T>(key)?.globalValue;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function snippetFormat(value: string | undefined): ExtensionSettings['snippetFormat'] {
  return value === 'image' || value === 'imageAndText' ? value : 'markdown';
}

function confirmation(value: string | undefined): ExtensionSettings['confirmBeforeSend'] {
  return value === 'always' || value === 'never' ? value : 'firstTimePerRobot';
}

export function readSettings(): ExtensionSettings {
  return {
    endpoints: {
      oapiBaseUrl: nonEmpty(userValue<string>('dingtalk', 'oapiBaseUrl')),
      apiBaseUrl: nonEmpty(userValue<string>('dingtalk', 'apiBaseUrl')),
    },
    defaultRobot: nonEmpty(vscode.workspace.getConfiguration('dingtalk').get<string>('defaultRobot')),
    askForMentions: userValue<boolean>('dingtalk', 'askForMentions') ?? false,
    confirmBeforeSend: confirmation(userValue<string>('dingtalk', 'confirmBeforeSend')),
    scanForSecrets: userValue<boolean>('dingtalk', 'scanForSecrets') ?? true,
    snippetFormat: snippetFormat(vscode.workspace.getConfiguration('dingtalk').get<string>('snippetFormat')),
  };
}

/** VS Code's own proxy settings, from the user's settings only: a workspace must not route sends. */
export function transportOptions(version: string): TransportOptions {
  const noProxy = userValue<string[]>('http', 'noProxy');
  return {
    proxy: nonEmpty(userValue<string>('http', 'proxy')),
    noProxy: noProxy?.length ? noProxy.join(',') : undefined,
    userAgent: `dingtalk-sender-vscode/${version} VSCode/${vscode.version}`,
  };
}

/** True when a change touches a setting that `transportOptions` reads. */
export function affectsTransport(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('http.proxy') || event.affectsConfiguration('http.noProxy');
}
