import * as vscode from 'vscode';
import type { Logger, ThemeKind } from '../../core';
import type { SnippetLook } from '../snippetImage/images';
import { createLook } from '../snippetImage/look';

function themeKind(): ThemeKind {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'dark';
  }
}

/**
 * How the user's editor looks for a language (snippetImage/look.ts), from VS Code's installed
 * extensions, `workbench.colorTheme`, the active theme's kind and the user's color customizations.
 */
export function createSnippetLook(log: Logger): (language: string) => Promise<SnippetLook> {
  return createLook(
    {
      extensions: () => vscode.extensions.all,
      colorTheme: () => vscode.workspace.getConfiguration('workbench').get<string>('colorTheme'),
      themeKind,
      customizations: () => ({
        colors: vscode.workspace.getConfiguration('workbench').get('colorCustomizations'),
        tokenColors: vscode.workspace.getConfiguration('editor').get('tokenColorCustomizations'),
      }),
    },
    log,
  );
}
