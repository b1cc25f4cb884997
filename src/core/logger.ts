import type { Redactor } from './redact';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const ignore = (): void => undefined;
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Wraps a host logger so that nothing the core logs can carry a secret. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    debug: (m) => logger.debug(redactor.redact(m)),
    info: (m) => logger.info(redactor.redact(m)),
    warn: (m) => logger.warn(redactor.redact(m)),
    error: (m) => logger.error(redactor.redact(m)),
  };
}
