import { readFileSync } from 'node:fs';
import type { GrammarSource, InjectedGrammar, Logger, SnippetImage, SnippetInput, SnippetWarningCode, SystemFont, ThemeJson, ThemeKind } from '../../core';

/** What the editor gives for one image: the code and where it comes from. */
export interface SnippetRequest {
  code: string;
  /** VS Code's language id of the document. */
  language: string;
  /** The workspace-relative path and line range, e.g. `src/app.ts:3-9`. */
  header: string;
  firstLine: number;
  /** What each line's gutter shows instead of its number (a diff's file line numbers); undefined leaves a line unlabelled. */
  lineLabels?: ReadonlyArray<string | undefined>;
  tabSize: number;
}

/** How the user's editor looks for a language: the active theme and the grammar, where they could be read. */
export interface SnippetLook {
  theme?: ThemeJson;
  themeKind?: ThemeKind;
  grammar?: GrammarSource;
  embeddedGrammars?: GrammarSource[];
  /** The grammars injected into the language's grammar (`injectTo`), with their targets. */
  injectedGrammars?: InjectedGrammar[];
}

/** Makes snippet images; the renderer is loaded on the first one. */
export interface SnippetImages {
  render(request: SnippetRequest): Promise<SnippetImage>;
}

export interface SnippetAssetFiles {
  resvgWasm: string;
  onigWasm: string;
  fonts: string[];
}

/** The renderer bundle's entry points this host uses (src/core/snippetImage/index.ts). */
export interface SnippetRenderer {
  renderSnippet(input: SnippetInput, assets: { resvgWasm: string; onigWasm: string }): Promise<SnippetImage>;
  findSystemFonts(): SystemFont[];
}

export interface SnippetImagesOptions {
  /**
   * Loads the renderer (a `require` of dist/snippetImage.js) and names its WebAssembly modules and
   * bundled font files (`snippetAssetFiles`); called on the first image, and on the next ones until it
   * has loaded (`rendererBundle.ts`: a damaged installation throws a `DamagedInstallError`).
   */
  load(): { renderer: SnippetRenderer; assets: SnippetAssetFiles };
  /** The user's theme and the language's grammar; an empty look draws with a built-in theme, as plain text. */
  look(language: string): Promise<SnippetLook>;
  log: Logger;
}

/** What the renderer says of the theme: the same for every picture drawn with it, so logged once. */
const THEME_WARNINGS: ReadonlySet<SnippetWarningCode> = new Set<SnippetWarningCode>(['themeMissing', 'themeIncomplete', 'themeDefaults']);

/**
 * The renderer as the send commands use it: loaded on first use, with the bundled font and the
 * system's fallback fonts (CJK, emoji) read once and kept for the window's lifetime.
 */
export function snippetImages(options: SnippetImagesOptions): SnippetImages {
  type Loaded = { renderer: SnippetRenderer; assets: SnippetAssetFiles; fonts: Uint8Array[] };
  let loaded: Loaded | undefined;
  const prepare = (): Loaded => {
    if (!loaded) {
      const { renderer, assets } = options.load();
      const system = renderer.findSystemFonts();
      options.log.info(`Snippet images: fonts ${[...assets.fonts, ...system.map((f) => `${f.path} (${f.role})`)].join(', ')}`);
      const fonts = [...assets.fonts, ...system.map((f) => f.path)].flatMap((path) => {
        try {
          return [readFileSync(path)];
        } catch (error) {
          options.log.warn(`Snippet images: cannot read the font ${path}: ${String(error)}`);
          return [];
        }
      });
      loaded = { renderer, assets, fonts };
    }
    return loaded;
  };
  const toldOfThemes = new Set<string>();
  return {
    async render(request) {
      const { renderer, assets, fonts } = prepare();
      const look = await options.look(request.language);
      const image = await renderer.renderSnippet({ ...request, ...look, fonts }, assets);
      for (const warning of image.warnings.filter((w) => w.code !== 'missingGlyphs')) {
        if (!THEME_WARNINGS.has(warning.code)) {
          options.log.info(`Snippet image of ${request.header}: ${warning.en}`);
        } else if (!toldOfThemes.has(warning.en)) {
          toldOfThemes.add(warning.en);
          options.log.info(`Snippet images: ${warning.en}`);
        }
      }
      return image;
    },
  };
}
