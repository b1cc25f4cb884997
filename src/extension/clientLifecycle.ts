import type { ClientEvent, DingTalkClient } from '../core';

/**
 * The window's DingTalk client: created on first use, replaced when a setting that shapes its
 * transport (proxy, timeouts) changes, and closed, with every client it replaced, on dispose. Sends
 * under way finish on the client they started on, which is closed once they have. Listeners hear
 * the events of all of them.
 */
export class ClientLifecycle {
  private current?: DingTalkClient;
  /** Clients replaced after a transport change: sends under way finish on them. */
  private readonly retired: DingTalkClient[] = [];
  private readonly listeners = new Set<(event: ClientEvent) => void>();

  constructor(private readonly create: (onEvent: (event: ClientEvent) => void) => DingTalkClient) {}

  client(): DingTalkClient {
    this.current ??= this.create((event) => this.listeners.forEach((listener) => listener(event)));
    return this.current;
  }

  onEvent(listener: (event: ClientEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The next send gets a new client, made with the settings as they are now; the old one closes once idle. */
  renew(): void {
    const retired = this.current;
    if (retired) {
      this.retired.push(retired);
      this.current = undefined;
      void retired.closeWhenIdle().then(() => {
        const index = this.retired.indexOf(retired);
        if (index >= 0) {
          this.retired.splice(index, 1);
        }
      });
    }
  }

  /** Clients replaced and not closed yet (their sends are still under way). */
  get retiring(): number {
    return this.retired.length;
  }

  async dispose(): Promise<void> {
    const clients = [this.current, ...this.retired.splice(0)];
    this.current = undefined;
    await Promise.all(clients.map((client) => client?.close()));
  }
}
