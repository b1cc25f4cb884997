import type { ClientEvent } from './clientTypes';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { Redactor } from './redact';
import type { Transport } from './transport';

/** What every part of a client shares: its clock, its redacting logger, its HTTP and its event sink. */
export interface ClientContext {
  clock: Clock;
  /** Already redacting: whatever reaches it has the client's credentials removed. */
  logger: Logger;
  redactor: Redactor;
  transport: Transport;
  emit: (event: ClientEvent) => void;
}
