import { redactingLogger } from '../../../../src/core/logger';
import type { AppApiPorts } from '../../../../src/core/recall';
import { Redactor } from '../../../../src/core/redact';
import { TokenCache } from '../../../../src/core/tokens';
import { Transport } from '../../../../src/core/transport';
import type { Harness } from '../../../support/harness';

/**
 * The parts a DingTalkClient hands the recall calls, built from the same real modules (token cache,
 * transport, redacting logger) on the harness's clock and log, with the same token route.
 */
export function recallPorts(h: Harness): { ports: AppApiPorts; close(): Promise<void> } {
  const redactor = new Redactor();
  const logger = redactingLogger(h.log, redactor);
  const transport = new Transport({}, logger);
  const tokens = new TokenCache(async (_kind, base, app) => {
    const response = await transport.send({
      method: 'POST',
      url: `${base}/v1.0/oauth2/accessToken`,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(app),
    });
    const answer = JSON.parse(response.text) as { accessToken: string; expireIn: number };
    redactor.add(answer.accessToken);
    return { token: answer.accessToken, expiresInSeconds: answer.expireIn };
  }, h.clock);
  const ports: AppApiPorts = { clock: h.clock, logger, redactor, transport, tokens, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 8_000 } };
  return { ports, close: () => transport.close() };
}
