import type * as Core from '../core';

/*
 * What activation does not load. esbuild.js builds the core, the command table and the preview panel
 * as bundles of their own (dist/core.js, dist/commands.js, dist/preview.js) and turns a require() of
 * their entry module (here, in vscode/commandRegistration.ts and in vscode/ui.ts) into a require of
 * that file, so it is read on first use; in the unit tests (out/) it requires the compiled module.
 * A static import of one of them from a module activation loads would load it at activation again:
 * test/unit/activation.test.ts fails then.
 */

const DAMAGED = 'DamagedInstallError';

/**
 * A bundle loaded on first use could not be loaded: missing, corrupt, or it threw as it loaded. The
 * installation is damaged; `stack` carries the cause's. Told by name, not by class: each bundle that
 * uses this module has a copy of it.
 */
export class DamagedInstallError extends Error {
  constructor(
    readonly bundle: string,
    override readonly cause: unknown,
  ) {
    super(`The ${bundle} bundle of DingTalk Sender could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = DAMAGED;
    if (cause instanceof Error && cause.stack) {
      this.stack = `${this.name}: ${this.message}\nCaused by: ${cause.stack}`;
    }
  }
}

export function isDamagedInstall(error: unknown): error is DamagedInstallError {
  return error instanceof Error && error.name === DAMAGED;
}

/**
 * Where damaged installations are told. Each bundle has its own copy of this module, and so its own
 * channel; activation listens on dist/extension.js's, which it hands to the bundles it loads later
 * (`services.damagedInstalls`), so an error one of them raises reaches the same listener.
 */
export interface DamagedInstalls {
  tell(error: DamagedInstallError): void;
  on(listener: (error: DamagedInstallError) => void): { dispose(): void };
}

function channel(): DamagedInstalls {
  const listeners = new Set<(error: DamagedInstallError) => void>();
  return {
    tell: (error) => listeners.forEach((listener) => listener(error)),
    on: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
}

/** This copy's own channel: activation's, in dist/extension.js. */
export const damagedInstalls: DamagedInstalls = channel();

let telling = damagedInstalls;

/** From now on this copy tells its damaged installations through `shared` (activation's channel, for a bundle loaded later). */
export function tellDamagedInstallsThrough(shared: DamagedInstalls): void {
  telling = shared;
}

/** Hears every call that meets a bundle that cannot be loaded (activation logs it and tells the user). */
export function onDamagedInstall(listener: (error: DamagedInstallError) => void): { dispose(): void } {
  return telling.on(listener);
}

/** Tells `cause` as a damaged installation of `bundle` (found after its load: a file it reads later) and returns the error to throw. */
export function damagedInstall(bundle: string, cause: unknown): DamagedInstallError {
  const error = new DamagedInstallError(bundle, cause);
  telling.tell(error);
  return error;
}

/**
 * A failed load is not tried again sooner than this: the Sent History view draws each of its entries
 * with the core, and would read and compile a corrupt bundle once per entry, the window frozen.
 */
export const RELOAD_AFTER_MS = 2_000;

/**
 * A bundle, loaded by `load` on the first call. A load that fails is told to the listeners and thrown
 * as a `DamagedInstallError`, and not remembered for good: a call `RELOAD_AFTER_MS` later tries again
 * (Node's require keeps only a module that loaded), so a file put back works without a restart; the
 * calls sooner throw (and tell) the same error without loading.
 */
export function lazyBundle<T>(bundle: string, load: () => T, now: () => number = () => Date.now()): () => T {
  let loaded: { module: T } | undefined;
  let failed: { error: DamagedInstallError; at: number } | undefined;
  const tell = (error: DamagedInstallError): never => {
    telling.tell(error);
    throw error;
  };
  return () => {
    if (loaded) {
      return loaded.module;
    }
    if (failed && now() - failed.at < RELOAD_AFTER_MS) {
      return tell(failed.error);
    }
    try {
      loaded = { module: load() };
      failed = undefined;
      return loaded.module;
    } catch (error) {
      if (isDamagedInstall(error)) {
        throw error;
      }
      failed = { error: new DamagedInstallError(bundle, error), at: now() };
      return tell(failed.error);
    }
  };
}

/** The DingTalk core (the client with the HTTP stack, markdown conversion, uploads and zip). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (dist/core.js)
export const core = lazyBundle('core', () => require('../core') as typeof Core);

/**
 * A module that imports the core, required at the point of use: the core is loaded through `core()`
 * first, so a core that cannot load is told as the core's and tried again next time. For a module of
 * this bundle, that is instead of failing its first require for good (esbuild's bundle keeps a failed
 * module's error); for the command table (dist/commands.js, which imports the core), instead of being
 * told as that bundle's damage.
 */
export function needingCore<T>(load: () => T): () => T {
  return () => {
    core();
    return load();
  };
}

/**
 * Runs a command's handler; a damaged installation, already told to the user by the listeners, ends
 * it quietly instead of as VS Code's untranslated "command … resulted in an error".
 */
export function runHandler(run: () => unknown): unknown {
  const quiet = (error: unknown): undefined => {
    if (isDamagedInstall(error)) {
      return undefined;
    }
    throw error;
  };
  try {
    const result = run();
    return result instanceof Promise ? result.catch(quiet) : result;
  } catch (error) {
    return quiet(error);
  }
}
