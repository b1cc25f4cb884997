import { readFile } from 'node:fs/promises';

/** A WebAssembly module: the path of its .wasm file (the host knows where its build put it), or its bytes. */
export type WasmSource = string | Uint8Array;

export async function wasmBytes(source: WasmSource): Promise<Uint8Array> {
  return typeof source === 'string' ? new Uint8Array(await readFile(source)) : source;
}

/**
 * Runs `init` once per process: both WebAssembly libraries refuse a second initialisation. A failed
 * one is forgotten, so a later render can try again (say, after the host fixed a wrong path).
 */
export function once(init: (source: WasmSource) => Promise<void>): (source: WasmSource) => Promise<void> {
  let loading: Promise<void> | undefined;
  return (source) => {
    loading ??= init(source).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
