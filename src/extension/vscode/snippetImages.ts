import type { Logger } from '../../core';
import { snippetImages, type SnippetImages } from '../snippetImage/images';
import { rendererBundle } from '../snippetImage/rendererBundle';
import { createSnippetLook } from './snippetLook';

/** Snippet images for this window: the renderer bundle is required on the first image, never at activation. */
export function createSnippetImages(extensionPath: string, log: Logger): SnippetImages {
  return snippetImages({ load: rendererBundle(extensionPath), look: createSnippetLook(log), log });
}
