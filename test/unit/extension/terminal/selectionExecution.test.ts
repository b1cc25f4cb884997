import { strict as assert } from 'node:assert';
import { executionOfSelection } from '../../../../src/extension/terminal/selectionExecution';
import { ExecutionLog } from '../../../../src/extension/terminalExecutions';

/** Output as a shell writes it through shell integration: colors, CRLF, a progress redraw, the end-of-command mark. */
const TEST_RUN = '\x1b[32m✓\x1b[0m add\tadds\r\n\x1b[31m✗ sub: expected 1 to be 2\x1b[0m\r\nprogress 10%\rprogress 100%\r\n\x1b]633;D;1\x07';
const BUILD_RUN = 'built dist/extension.js\r\n\x1b[33mwarning\x1b[0m: 1 unused import\r\n';

function logOf(runs: Array<[string, string]>, terminal = 'bash'): ExecutionLog<string> {
  const log = new ExecutionLog<string>();
  for (const [commandLine, output] of runs) {
    // In chunks, as the stream gives them, cut anywhere (inside an escape sequence too).
    const record = log.start(terminal, commandLine);
    for (let i = 0; i < output.length; i += 7) {
      record(output.slice(i, i + 7));
    }
  }
  return log;
}

describe('terminal/selectionExecution: which command printed the selection', () => {
  const log = logOf([
    ['npm test', TEST_RUN],
    ['npm run build', BUILD_RUN],
  ]);
  const runs = log.executions('bash');

  it('finds the run whose output holds the selected text, as the terminal shows it (no escapes, redraws replayed, tabs as spaces)', () => {
    assert.equal(executionOfSelection('✗ sub: expected 1 to be 2\n', runs)?.commandLine, 'npm test');
    assert.equal(executionOfSelection('✓ add    adds\n✗ sub: expected 1 to be 2\nprogress 100%', runs)?.commandLine, 'npm test');
    assert.equal(executionOfSelection('warning: 1 unused', runs)?.commandLine, 'npm run build');
  });

  it('an older run is found, not the last one shell integration saw', () => {
    assert.deepEqual(runs.map((run) => run.commandLine), ['npm run build', 'npm test']);
    assert.equal(executionOfSelection('expected 1 to be 2', runs)?.commandLine, 'npm test');
  });

  it('no command line when the selection is in no run (a prompt and the command typed, two runs at once) or in runs of different commands', () => {
    assert.equal(executionOfSelection('$ npm test\n✓ add adds', runs), undefined);
    assert.equal(executionOfSelection('progress 100%\nbuilt dist/extension.js', runs), undefined);
    assert.equal(executionOfSelection('1', runs), undefined, 'in both runs');
    assert.equal(executionOfSelection('  \n', runs), undefined);
    assert.equal(executionOfSelection('anything', []), undefined);
  });

  it('the same command run twice: its newest run', () => {
    const twice = logOf([
      ['npm test', TEST_RUN],
      ['npm test', TEST_RUN],
    ]).executions('bash');
    assert.equal(executionOfSelection('expected 1 to be 2', twice), twice[0]);
  });
});

describe('terminalExecutions: the runs kept, bounded', () => {
  it('keeps the last runs over all terminals, newest first, and forgets a closed terminal\'s', () => {
    const log = new ExecutionLog<string>({ executions: 3, chars: 100 });
    const recorders = ['one', 'two', 'three', 'four'].map((command, i) => log.start(i % 2 ? 'zsh' : 'bash', command));
    assert.deepEqual(log.executions('bash').map((run) => run.commandLine), ['three']);
    assert.deepEqual(log.executions('zsh').map((run) => run.commandLine), ['four', 'two']);
    assert.equal(recorders[0]('late output'), false, 'a run no longer kept tells its reader to stop');
    assert.equal(recorders[2]('output'), true);
    log.forget('zsh');
    assert.deepEqual(log.executions('zsh'), []);
    assert.equal(recorders[3]('more'), false);
  });

  it('keeps the last characters of a run that prints more than the bound', () => {
    const log = new ExecutionLog<string>({ executions: 2, chars: 10 });
    const record = log.start('bash', 'yes');
    record('abc');
    assert.deepEqual(log.executions('bash')[0], { commandLine: 'yes', cwd: undefined, output: 'abc' });
    record('defgh');
    record('ijklmnop');
    record('q');
    const [run] = log.executions('bash');
    assert.equal(run.output, 'hijklmnopq');
    record('0123456789ABCDEF');
    assert.equal(log.executions('bash')[0].output, '6789ABCDEF');
  });

  it('a selection from the part of a long run that was dropped gets no command line; one from its tail does', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `\x1b[2mline ${i + 1}\x1b[0m\r\n`).join('');
    const log = logOf([['seq 5000', lines]]);
    const [run] = log.executions('bash');
    assert.equal(run.output.length, 64 * 1024);
    assert.equal(executionOfSelection('line 4998\nline 4999', [run])?.commandLine, 'seq 5000');
    assert.equal(executionOfSelection('line 2\nline 3', [run]), undefined);
  });
});
