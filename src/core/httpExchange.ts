import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** Why an exchange failed below HTTP without an error of Node's own; the transport maps these to the core's errors. */
export type ExchangeFailure = 'CONNECT_TIMEOUT' | 'HEADERS_TIMEOUT' | 'BODY_TIMEOUT' | 'CONTENT_LENGTH_MISMATCH';

export class ExchangeError extends Error {
  constructor(readonly code: ExchangeFailure) {
    super(code);
    this.name = 'ExchangeError';
  }
}

/**
 * A failure before the connection was up (DNS, TCP, the proxy's tunnel, TLS and its certificate):
 * not one byte of the request was written, so it certainly never arrived. The cause keeps its code.
 */
export class NotSentError extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NotSentError';
  }
}

export interface Exchange {
  url: URL;
  method: string;
  headers: Record<string, string>;
  /** A string, or bytes written as the socket takes them. */
  body?: string | AsyncIterable<Buffer>;
  agent: http.Agent;
  signal?: AbortSignal;
  /** Longest wait for the connection (TCP, and TLS for https) once the request has a socket. */
  connectTimeoutMs: number;
  /** Longest wait for the answer's headers after the last byte sent, and between any two chunks either way. */
  idleTimeoutMs: number;
}

export interface ExchangeAnswer {
  status: number;
  text: string;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * One request over Node's own HTTP client (its HTTP parser is native, so a process's first answers
 * start no compiler work; docs/architecture.md). The answer's body is read whole. A streamed body is
 * written chunk by chunk, the next chunk asked for only once the socket has taken the last one in
 * full (`drain`), which is what lets media.ts reuse its read buffers; its byte count is checked
 * against the content-length header, as a file that changes while it is sent sends more or fewer.
 */
export function exchange(x: Exchange): Promise<ExchangeAnswer> {
  return new Promise<ExchangeAnswer>((resolve, reject) => {
    if (x.signal?.aborted) {
      reject(abortReason(x.signal));
      return;
    }
    const client = x.url.protocol === 'https:' ? https : http;
    const request = client.request(x.url, { method: x.method, headers: x.headers, agent: x.agent });
    let timer: NodeJS.Timeout | undefined;
    let connected = false;
    let done = false;
    const finish = (): void => {
      done = true;
      clearTimeout(timer);
      x.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown): void => {
      if (done) {
        return;
      }
      finish();
      request.destroy();
      reject(error);
    };
    const arm = (ms: number, failure: ExchangeFailure): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new ExchangeError(failure)), ms);
    };
    const onAbort = (): void => fail(abortReason(x.signal as AbortSignal));
    x.signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', (error) => fail(connected ? error : new NotSentError(error)));
    request.on('socket', (socket: Socket) => {
      const ready = (): void => {
        connected = true;
        arm(x.idleTimeoutMs, 'HEADERS_TIMEOUT');
      };
      if (socket.connecting) {
        arm(x.connectTimeoutMs, 'CONNECT_TIMEOUT');
        socket.once(socket instanceof TLSSocket ? 'secureConnect' : 'connect', ready);
      } else {
        ready();
      }
    });
    request.on('response', (response) => {
      arm(x.idleTimeoutMs, 'BODY_TIMEOUT');
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        arm(x.idleTimeoutMs, 'BODY_TIMEOUT');
      });
      response.on('error', fail);
      response.on('aborted', () => fail(Object.assign(new Error('The connection closed before the answer ended.'), { code: 'ECONNRESET' })));
      response.on('end', () => {
        if (done) {
          return;
        }
        finish();
        if (!request.writableEnded) {
          // Answered before the body was all sent: the socket is mid-request and must not be reused.
          request.destroy();
        }
        // UTF-8, a byte-order mark dropped (TextDecoder's default).
        resolve({ status: response.statusCode ?? 0, text: new TextDecoder().decode(Buffer.concat(chunks)) });
      });
    });

    const body = x.body;
    if (body === undefined || typeof body === 'string') {
      request.end(body);
      return;
    }
    const declared = x.headers['content-length'] === undefined ? undefined : Number(x.headers['content-length']);
    const progressed = (): void => {
      if (connected && !done) {
        arm(x.idleTimeoutMs, 'HEADERS_TIMEOUT');
      }
    };
    writeBody(request, body, declared, () => done, progressed).catch(fail);
  });
}

/** Resolves once the request's socket has taken everything written so far, or the request is gone. */
function drained(request: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const go = (): void => {
      request.off('drain', go);
      request.off('close', go);
      resolve();
    };
    request.on('drain', go);
    request.on('close', go);
  });
}

async function writeBody(
  request: http.ClientRequest,
  body: AsyncIterable<Buffer>,
  declared: number | undefined,
  over: () => boolean,
  progressed: () => void,
): Promise<void> {
  let sent = 0;
  for await (const chunk of body) {
    if (over()) {
      return;
    }
    sent += chunk.length;
    if (declared !== undefined && sent > declared) {
      throw new ExchangeError('CONTENT_LENGTH_MISMATCH');
    }
    if (!request.write(chunk)) {
      await drained(request);
    }
    progressed();
  }
  if (declared !== undefined && sent !== declared) {
    throw new ExchangeError('CONTENT_LENGTH_MISMATCH');
  }
  request.end();
}
