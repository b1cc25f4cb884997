import type { DingTalkClient } from '../../../../src/core/client';
import type { DingTalkError } from '../../../../src/core/errors';
import type { AppApiPorts } from '../../../../src/core/recall';
import type { AppCredentials } from '../../../../src/core/tokens';

/** The members of DingTalkClient the recall calls are built on, private until the calls are attached to it. */
interface ClientInternals {
  clock: AppApiPorts['clock'];
  redactor: AppApiPorts['redactor'];
  transport: AppApiPorts['transport'];
  withToken<T>(kind: 'oauth2', base: string, app: AppCredentials, task: (token: string) => Promise<T>): Promise<T>;
  withRetry<T>(signal: AbortSignal | undefined, mayRepeat: (error: DingTalkError) => boolean, task: () => Promise<T>): Promise<T>;
}

/**
 * The ports a DingTalkClient will hand the recall calls once they are its methods: its own token
 * cache, retry policy, redactor and transport, so these tests check the very parts sends use.
 */
export function clientPorts(client: DingTalkClient): AppApiPorts {
  const internals = client as unknown as ClientInternals;
  return {
    clock: internals.clock,
    redactor: internals.redactor,
    transport: internals.transport,
    withToken: (base, app, task) => internals.withToken('oauth2', base, app, task),
    withRetry: (signal, mayRepeat, task) => internals.withRetry(signal, mayRepeat, task),
  };
}
