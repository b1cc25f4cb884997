import { join } from 'node:path';
import type { Logger } from '../../core';
import { snippetImages, type SnippetAssetFiles, type SnippetImages, type SnippetRenderer } from '../snippetImage/images';
import { createSnippetLook } from './snippetLook';

/** The renderer bundle as the build makes it (esbuild.js): dist/snippetImage.js, its files in dist/snippetImage/. */
interface RendererBundle extends SnippetRenderer {
  snippetAssetFiles(dir: string): SnippetAssetFiles;
}

/** Snippet images for this window: the renderer bundle is required on the first image, never at activation. */
export function createSnippetImages(extensionPath: string, log: Logger): SnippetImages {
  return snippetImages({
    load: () => {
      // A path known only at run time, so esbuild leaves the bundle out of dist/extension.js.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, synchronously
      const bundle = require(join(extensionPath, 'dist', 'snippetImage.js')) as RendererBundle;
      return { renderer: bundle, assets: bundle.snippetAssetFiles(join(extensionPath, 'dist', 'snippetImage')) };
    },
    look: createSnippetLook(log),
    log,
  });
}
