import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { VirtualClock } from '../../test/support/virtualClock';

type Listener = (message: unknown) => void;

/**
 * A virtual clock for timing figures: sleeps end at once, in order, moving time forward, but only
 * while no HTTP request is in flight (Node's HTTP client reports each request's start, answer and
 * failure on its diagnostics channels; the answer's body has been read when the response closes). Network time is zero and waiting is exact, as in a discrete-event simulation.
 *
 * The tests' VirtualClock fires the next timer at the next turn of the event loop even while requests
 * are on their way over loopback; that is right for checking order, but a timing figure would then
 * include 60-second jumps taken in the middle of a request.
 */
export class QuietClock extends VirtualClock {
  private readonly inFlight = new Set<ClientRequest>();
  private quietTurns = 0;
  private readonly listeners: Array<[string, Listener]>;

  constructor(start = Date.now()) {
    super(start);
    const end = (request: ClientRequest): void => {
      this.inFlight.delete(request);
      this.schedule();
    };
    const started: Listener = (message) => void this.inFlight.add((message as { request: ClientRequest }).request);
    const answered: Listener = (message) => {
      const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
      response.once('close', () => end(request));
    };
    const failed: Listener = (message) => end((message as { request: ClientRequest }).request);
    this.listeners = [
      ['http.client.request.start', started],
      ['http.client.response.finish', answered],
      ['http.client.request.error', failed],
    ];
    for (const [name, listener] of this.listeners) {
      subscribe(name, listener);
    }
  }

  /** Stops listening to the HTTP client. */
  dispose(): void {
    for (const [name, listener] of this.listeners) {
      unsubscribe(name, listener);
    }
  }

  /** Only once nothing is in flight for two turns of the event loop in a row; the end of the last request schedules again. */
  protected override mayFire(): boolean {
    if (this.inFlight.size > 0) {
      this.quietTurns = 0;
      return false;
    }
    if (this.quietTurns < 1) {
      this.quietTurns += 1;
      this.schedule();
      return false;
    }
    this.quietTurns = 0;
    return true;
  }
}
