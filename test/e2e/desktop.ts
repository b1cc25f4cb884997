/**
 * `npm run test:desktop`: the same real-VS Code suite as `npm run test:e2e`, in a desktop VS Code
 * named by VSCODE_EXECUTABLE instead of code-server. CI does not run this (desktop VS Code cannot be
 * downloaded there). Under Linux without a display it runs itself under `xvfb-run -a`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/repo';

const executable = process.env.VSCODE_EXECUTABLE;
if (!executable || !existsSync(executable)) {
  console.error(
    [
      executable ? `VSCODE_EXECUTABLE=${executable} does not exist.` : 'VSCODE_EXECUTABLE is not set.',
      'No test was run. Point it at a desktop VS Code, for example:',
      '  VSCODE_EXECUTABLE=/usr/share/code/code npm run test:desktop',
      'The same suite runs in code-server, which is what CI runs: npm run test:e2e',
    ].join('\n'),
  );
  process.exit(2);
}

const mocha = [join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', join(repoRoot, 'test', 'e2e', 'mocharc.json')];
const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const [command, args] = needsDisplay ? ['xvfb-run', ['-a', process.execPath, ...mocha]] : [process.execPath, mocha];
const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, E2E_VSCODE_EXECUTABLE: executable } });
if (result.error) {
  console.error(`Could not start ${command}: ${result.error.message}${needsDisplay ? ' (install xvfb, or run with a display)' : ''}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
