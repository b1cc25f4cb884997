import { apiError, oapi, type Reply } from './replies';
import type { FaultSpec } from './types';

/** Injected faults, matched in injection order; each matching request uses up one `times`. */
export class FaultQueue {
  private faults: Array<{ spec: FaultSpec; remaining: number; skip: number }> = [];

  add(spec: FaultSpec): void {
    const remaining = spec.times ?? 1;
    if (remaining > 0) {
      this.faults.push({ spec, remaining, skip: spec.skip ?? 0 });
    }
  }

  clear(): void {
    this.faults = [];
  }

  take(pathname: string): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => f.spec.path === undefined || pathname.startsWith(f.spec.path));
    if (index < 0) {
      return undefined;
    }
    const fault = this.faults[index];
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.remaining -= 1;
    if (fault.remaining <= 0) {
      this.faults.splice(index, 1);
    }
    return fault.spec;
  }
}

export function statusFaultReply(fault: FaultSpec): Reply {
  const status = fault.status ?? 503;
  return { status, body: `injected fault: HTTP ${status}` };
}

/** "DingTalk is busy", as each API family reports it. */
export function busyReply(pathname: string): Reply {
  return pathname.startsWith('/v1.0/') ? apiError(503, 'ServiceUnavailable', '系统繁忙 (service busy)') : oapi(-1, '系统繁忙');
}
