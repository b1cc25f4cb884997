import { join } from 'node:path';
import * as renderer from '../../src/core/snippetImage';
import type { Logger } from '../../src/core';
import { snippetImages, type SnippetImages, type SnippetLook, type SnippetRequest } from '../../src/extension/snippetImage/images';
import { repoRoot } from './repo';

const modules = join(repoRoot, 'node_modules');

/** The files the build copies into dist/snippetImage/, from the installed packages they come from. */
export const snippetAssets = {
  resvgWasm: join(modules, '@resvg/resvg-wasm/index_bg.wasm'),
  onigWasm: join(modules, 'vscode-oniguruma/release/onig.wasm'),
  fonts: ['Regular', 'Bold', 'It'].map((style) => join(modules, `source-code-pro/OTF/SourceCodePro-${style}.otf`)),
};

/** The real renderer, as the extension loads it, with what it was asked to draw and the PNGs it made kept for the test to compare with what arrived. */
export function recordingSnippetImages(log: Logger, look: (language: string) => Promise<SnippetLook> = async () => ({})): SnippetImages & { requests: SnippetRequest[]; made: Uint8Array[] } {
  const requests: SnippetRequest[] = [];
  const made: Uint8Array[] = [];
  const images = snippetImages({ load: () => ({ renderer, assets: snippetAssets }), look, log });
  return {
    requests,
    made,
    async render(request) {
      requests.push(request);
      const image = await images.render(request);
      made.push(image.png);
      return image;
    },
  };
}
