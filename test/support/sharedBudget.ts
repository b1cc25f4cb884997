import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildReport, ChildTask } from './sharedBudgetChild';

/**
 * Runs one sharedBudgetChild per task, and resolves with their reports. The children start their
 * sends at once: each says when it is ready, and all are told to go when the last one is.
 */
export function runWindows(tasks: ChildTask[]): Promise<ChildReport[]> {
  const children: ChildProcess[] = [];
  let ready = 0;
  return Promise.all(
    tasks.map(
      (task) =>
        new Promise<ChildReport>((resolve, reject) => {
          const child = fork(join(__dirname, 'sharedBudgetChild.js'), [JSON.stringify(task)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
          children.push(child);
          let report: ChildReport | undefined;
          child.on('message', (message: ChildReport | 'ready') => {
            if (message !== 'ready') {
              report = message;
            } else if (++ready === tasks.length) {
              children.forEach((each) => each.send('go'));
            }
          });
          child.once('error', reject);
          child.once('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`${task.name} exited with ${code} before reporting`))));
        }),
    ),
  );
}
