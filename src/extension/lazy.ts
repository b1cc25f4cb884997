import type * as Core from '../core';

/*
 * What activation does not load. esbuild.js builds the core, the command table and the preview panel
 * as bundles of their own (dist/core.js, dist/commands.js, dist/preview.js) and turns a require() of
 * their entry module (here, in vscode/commandRegistration.ts and in vscode/ui.ts) into a require of
 * that file, so it is read on first use; in the unit tests (out/) it requires the compiled module.
 * A static import of one of them from a module activation loads would load it at activation again:
 * test/unit/activation.test.ts fails then.
 */

/** The DingTalk core (the client with the HTTP stack, markdown conversion, uploads and zip). */
export function core(): typeof Core {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (dist/core.js)
  return require('../core') as typeof Core;
}
