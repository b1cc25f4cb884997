import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { damagedInstall, lazyBundle } from '../lazy';
import type { SnippetAssetFiles, SnippetRenderer } from './images';

/** The renderer bundle as the build makes it (esbuild.js): dist/snippetImage.js, its files in dist/snippetImage/. */
interface RendererBundle extends SnippetRenderer {
  snippetAssetFiles(dir: string): SnippetAssetFiles;
}

/**
 * The snippet image renderer of the installation at `extensionPath`, loaded on the first image. A
 * bundle that cannot be loaded, or a WebAssembly module of it that is missing or does not compile, is a damaged
 * installation (`lazyBundle`): told once with Show Log, and loaded again on a later image.
 */
export function rendererBundle(extensionPath: string): () => { renderer: SnippetRenderer; assets: SnippetAssetFiles } {
  return lazyBundle('snippetImage', () => {
    // A path known only at run time, so esbuild leaves the bundle out of the bundles that load it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
    const bundle = require(join(extensionPath, 'dist', 'snippetImage.js')) as RendererBundle;
    const assets = bundle.snippetAssetFiles(join(extensionPath, 'dist', 'snippetImage'));
    // The renderer reads them only as it draws, where a missing one would be a render's failure.
    for (const wasm of [assets.resvgWasm, assets.onigWasm]) {
      accessSync(wasm, constants.R_OK);
    }
    const renderer: SnippetRenderer = {
      findSystemFonts: () => bundle.findSystemFonts(),
      // A .wasm file cut off compiles only as the renderer first draws; checking both beforehand costs every first image.
      renderSnippet: (input, files) =>
        bundle.renderSnippet(input, files).catch((error: unknown) => {
          throw error instanceof Error && error.name === 'CompileError' ? damagedInstall('snippetImage', error) : error;
        }),
    };
    return { renderer, assets };
  });
}
