/**
 * Code snippets as PNG images that look like the user's editor: VS Code's own tokenizer
 * (vscode-textmate with Oniguruma) colors the code with the user's grammar and theme, the layout is
 * an SVG on a monospace grid (CJK and emoji two columns wide), and resvg's WebAssembly build
 * rasterizes it at 2× with only the fonts the host passes in.
 *
 * Its own entry point (bundled as `dist/snippetImage.js`), loaded when the first image is made, so
 * activation never pays for it. The host's build copies the two .wasm files and the bundled font
 * beside the bundle (`snippetAssetFiles` names them).
 *
 * ```ts
 * const dir = path.join(extensionPath, 'dist', 'snippetImage');
 * const files = snippetAssetFiles(dir);
 * const fonts = [...files.fonts, ...findSystemFonts().map((f) => f.path)].map((p) => fs.readFileSync(p));
 * const image = await renderSnippet({ code, language: 'typescript', grammar, theme, header: 'src/a.ts:10-42', firstLine: 10, fonts }, files);
 * ```
 */
import { join } from 'node:path';
import type { SnippetAssets } from './render';

export { renderSnippet } from './render';
export type { SnippetAssets, SnippetImage, SnippetInput } from './render';
export { findSystemFonts } from './systemFonts';
export type { FindSystemFontsOptions, SystemFont, SystemFontRole } from './systemFonts';
export type { GrammarFile, GrammarSource, InjectedGrammar } from './highlight';
export type { ThemeJson, ThemeKind, TokenColorRule } from './theme';
export type { SnippetWarning, SnippetWarningCode } from './warnings';
export type { WasmSource } from './wasm';

/** The bundled font files (Source Code Pro: regular, bold, italic), primary first, as the build copies them. */
export const BUNDLED_FONTS = ['SourceCodePro-Regular.otf', 'SourceCodePro-Bold.otf', 'SourceCodePro-It.otf'];

/** The files the build puts in `dir`: the two WebAssembly modules and the bundled font. */
export function snippetAssetFiles(dir: string): Required<{ [K in keyof SnippetAssets]: string }> & { fonts: string[] } {
  return {
    resvgWasm: join(dir, 'resvg.wasm'),
    onigWasm: join(dir, 'onig.wasm'),
    fonts: BUNDLED_FONTS.map((name) => join(dir, 'fonts', name)),
  };
}
