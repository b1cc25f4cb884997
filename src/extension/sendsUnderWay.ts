import { createHash } from 'node:crypto';

/**
 * The identical sends under way in this window (robot id + content hash): a double click must not
 * post twice. Created in `activate()`; disposing it forgets every send.
 */
export class SendsUnderWay {
  private readonly keys = new Set<string>();

  /** Marks the send as under way until `finish()`; undefined when an identical one already is. */
  start(robotId: string, text: string): { finish(): void } | undefined {
    const key = `${robotId}:${createHash('sha256').update(text).digest('hex')}`;
    if (this.keys.has(key)) {
      return undefined;
    }
    this.keys.add(key);
    return { finish: () => this.keys.delete(key) };
  }

  dispose(): void {
    this.keys.clear();
  }
}
