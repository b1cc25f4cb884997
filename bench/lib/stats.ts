/** Small number helpers shared by the sections: medians, ratios and the way figures are printed. */

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The first and third quartiles (the middle half of the values lies between them), interpolated
 * between neighbouring values as a spreadsheet's QUARTILE.INC does.
 */
export function quartiles(values: readonly number[]): [number, number] {
  if (values.length === 0) {
    return [Number.NaN, Number.NaN];
  }
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const position = q * (sorted.length - 1);
    const below = Math.floor(position);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  };
  return [at(0.25), at(0.75)];
}

/** A median with its quartiles, as "45.3 ms (43.0–49.1 ms)". */
export function spread(values: readonly number[], show: (value: number) => string): string {
  const [low, high] = quartiles(values);
  return `${show(median(values))} (${show(low)}–${show(high)})`;
}

/** The median of one field over several runs. */
export function medianOf<T>(runs: readonly T[], pick: (run: T) => number): number {
  return median(runs.map(pick));
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}

export const MB = 1024 * 1024;

/** `1.23 ms`, `12.3 ms`, `123 ms`: three significant digits, enough for a median. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) {
    return 'n/a';
  }
  if (value >= 10_000) {
    return `${(value / 1000).toFixed(1)} s`;
  }
  return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ms`;
}

export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(valueMs % 1000 === 0 ? 0 : 1)} s`;
}

export function mib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / MB).toFixed(1)} MB` : 'n/a';
}

export function bytes(value: number): string {
  return `${value.toLocaleString('en-US')} B`;
}

/** `2.41×`: how many times `value` is of `reference`. */
export function ratio(value: number, reference: number): string {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) {
    return 'n/a';
  }
  const r = value / reference;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
}

export function mbPerSecond(size: number, elapsedMs: number): number {
  return size / MB / (elapsedMs / 1000);
}
