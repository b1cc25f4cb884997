/**
 * One "window" of the multi-process test and benchmark: a Node process that sends `count` messages
 * at once to one webhook robot through the core client, drawing its slots from the shared rate
 * ledger and recording each send in the shared Sent History, as the extension does.
 * argv[2]: JSON ChildTask. Says 'ready' over IPC once loaded and set up, starts its sends on 'go',
 * then reports a ChildReport and exits.
 */
import { DingTalkClient, fileLedger } from '../../src/core';
import { SendRecording } from '../../src/extension/history/recording';
import { SendHistory } from '../../src/extension/history/store';
import type { RobotRecord } from '../../src/extension/robotStore';
import { DiskHistoryFile } from './diskHistoryFile';
import { silentLogger } from '../../src/core/logger';
import { scaledClock } from './scaledClock';

export interface ChildTask {
  name: string;
  webhook: string;
  count: number;
  ledgerPath: string;
  historyPath: string;
  clockOrigin: number;
  clockScale: number;
}

export interface ChildReport {
  name: string;
  sent: number;
  errors: string[];
  /** Virtual time the first message was queued and the last one finished. */
  startedAt: number;
  finishedAt: number;
  /** The longest wait the queue predicted, and the most other windows' sends it counted. */
  predictedMs: number;
  otherWindows: number;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as ChildTask;
  const clock = scaledClock(task.clockOrigin, task.clockScale);
  const report: ChildReport = { name: task.name, sent: 0, errors: [], startedAt: 0, finishedAt: 0, predictedMs: 0, otherWindows: 0 };
  const client = new DingTalkClient({
    clock,
    rateLimit: { ledger: fileLedger(task.ledgerPath, { onError: (error) => report.errors.push(`ledger: ${String(error)}`) }) },
    onEvent: (event) => {
      if (event.type === 'queue') {
        report.predictedMs = Math.max(report.predictedMs, event.stats.expectedWaitMs);
        report.otherWindows = Math.max(report.otherWindows, event.stats.otherWindows);
      }
    },
  });
  const history = new SendHistory(new DiskHistoryFile(task.historyPath), silentLogger, { now: () => clock.now() });
  const robot: RobotRecord = { id: 'team', name: 'Team', kind: 'webhook' };
  // Starting a process takes a time of its own (seconds on a loaded machine): the windows start
  // their sends together, when every one of them is ready, not in the order they were forked.
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.('ready');
  });
  report.startedAt = clock.now();
  await Promise.all(
    Array.from({ length: task.count }, async (_, i) => {
      const content = `${task.name} message ${i + 1} of ${task.count}`;
      const recording = new SendRecording(history, { kind: 'message', summary: content, content: { text: content, language: 'dingtalk-message' } }, () => clock.now());
      await recording.start(robot);
      try {
        const result = await client.sendText({ kind: 'webhook', webhook: task.webhook }, content);
        report.sent += 1;
        await recording.sent(robot, result);
      } catch (error) {
        report.errors.push(error instanceof Error ? error.message : String(error));
        await recording.failed(robot, error, String(error));
      }
    }),
  );
  report.finishedAt = clock.now();
  await history.settled();
  await client.close();
  process.send?.(report, () => process.disconnect());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
