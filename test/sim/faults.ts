import { apiError, oapi, randomHex, type Reply } from './replies';
import type { FaultSpec, ThrottleForm } from './types';

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
  if (fault.html) {
    return { status, body: `<html><head><title>${status}</title></head><body><center><h1>HTTP ${status}</h1></center><hr><center>nginx</center></body></html>`, headers: { 'content-type': 'text/html' } };
  }
  return { status, body: `injected fault: HTTP ${status}` };
}

/** "DingTalk is busy", as each API family reports it. */
export function busyReply(pathname: string): Reply {
  return pathname.startsWith('/v1.0/') ? apiError(503, 'ServiceUnavailable', '系统繁忙 (service busy)') : oapi(-1, '系统繁忙');
}

/** "Too many requests", as each route reports it (webhook 130101, app API 403 QpsLimit, other oapi calls 90018), or as DingTalk's gateway does in `form`. */
export function throttleReply(pathname: string, form: ThrottleForm = 'code', wait = 5): Reply {
  switch (form) {
    case 'gateway':
      return { status: 200, body: { status: 1111, wait, source: 'x5', punish: 'deny', uuid: randomHex(8) } };
    case 'gatewayWithErrcode':
      return { status: 200, body: { status: 1111, wait, punish: 'deny', errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } };
    case 'redirect':
      return { status: 302, body: '', headers: { location: '/_sim/punished' } };
    case 'html':
      return { status: 200, body: '<!DOCTYPE html><html><body><p>访问受限 (access restricted)</p></body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } };
    case 'code':
      break;
  }
  if (pathname.startsWith('/v1.0/')) {
    return apiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 'app key and api qps limit (injected)');
  }
  return pathname === '/robot/send' ? oapi(130101, 'send too fast, exceed 20 times per minute') : oapi(90018, 'too many requests (injected)');
}

/** The answer an injected fault of kind status, busy or throttle gives instead of the route's. */
export function faultReply(fault: FaultSpec, pathname: string): Reply | undefined {
  switch (fault.kind) {
    case 'status':
      return statusFaultReply(fault);
    case 'busy':
      return busyReply(pathname);
    case 'throttle':
      return throttleReply(pathname, fault.form, fault.wait);
    default:
      return undefined;
  }
}
