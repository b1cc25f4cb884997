import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ChildReport, ChildTask } from './sharedBudgetChild';

/** Runs one sharedBudgetChild per task, all at once, and resolves with their reports. */
export function runWindows(tasks: ChildTask[]): Promise<ChildReport[]> {
  return Promise.all(
    tasks.map(
      (task) =>
        new Promise<ChildReport>((resolve, reject) => {
          const child = fork(join(__dirname, 'sharedBudgetChild.js'), [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          let report: ChildReport | undefined;
          child.once('message', (message: ChildReport) => (report = message));
          child.once('error', reject);
          child.once('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`${task.name} exited with ${code} before reporting`))));
        }),
    ),
  );
}
