/**
 * Requests to a path wait here, unprocessed and unanswered, until the test releases them: a test
 * that needs several clients to have a request in flight at once waits for them instead of hoping.
 */
export class Hold {
  private held = 0;
  private released = false;
  private readonly watchers: Array<{ count: number; resolve: () => void }> = [];
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));

  /** `path` is matched against the URL pathname as a prefix, as a fault's is. */
  constructor(readonly path: string) {}

  applies(pathname: string): boolean {
    return !this.released && pathname.startsWith(this.path);
  }

  /** Holds one request: resolves when the hold is released. */
  enter(): Promise<void> {
    this.held += 1;
    for (const watcher of this.watchers.filter((w) => w.count <= this.held)) {
      this.watchers.splice(this.watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
    return this.gate;
  }

  /** Resolves once `count` requests are held. */
  reached(count: number): Promise<void> {
    return this.held >= count ? Promise.resolve() : new Promise((resolve) => this.watchers.push({ count, resolve }));
  }

  /** Lets the held requests go on, and every later one through. */
  release(): void {
    this.released = true;
    this.open();
  }
}
