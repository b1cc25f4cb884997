import { strict as assert } from 'node:assert';
import { runOfSelection, type TerminalBuffer } from '../../../../src/extension/terminal/selectionExecution';
import { ExecutionLog } from '../../../../src/extension/terminalExecutions';

/** Output as a shell writes it through shell integration: colors, CRLF, a progress redraw, the end-of-command mark. */
const TEST_RUN = '\x1b[32m✓\x1b[0m add\tadds\r\n\x1b[31m✗ sub: expected 1 to be 2\x1b[0m\r\nprogress 10%\rprogress 100%\r\n\x1b]633;D;1\x07';
const BUILD_RUN = 'built dist/extension.js\r\n\x1b[33mwarning\x1b[0m: 1 unused import\r\n';

/** Runs in `terminal`: command line, output, and the folder when the shell reported it. */
function logOf(runs: Array<[string, string, string?]>, terminal = 'bash', log = new ExecutionLog<string>()): ExecutionLog<string> {
  for (const [commandLine, output, cwd] of runs) {
    // In chunks, as the stream gives them, cut anywhere (inside an escape sequence too).
    const record = log.start(terminal, commandLine, cwd);
    for (let i = 0; i < output.length; i += 7) {
      record(output.slice(i, i + 7));
    }
  }
  return log;
}

/** What the selection's header may name, asked of the log as Send Terminal Selection asks it. */
function runIn(log: ExecutionLog<string>, selection: string, terminal = 'bash', buffer: TerminalBuffer = { scrollback: 1000, rows: 30 }) {
  return runOfSelection(selection, log.executions(terminal), log.unkept(terminal), buffer);
}

describe('terminal/selectionExecution: which command printed the selection', () => {
  const log = logOf([
    ['npm test', TEST_RUN],
    ['npm run build', BUILD_RUN],
  ]);
  const runs = log.executions('bash');

  it('finds the run whose output holds the selected text, as the terminal shows it (no escapes, redraws replayed, tabs as spaces)', () => {
    assert.equal(runOfSelection('✗ sub: expected 1 to be 2\n', runs)?.commandLine, 'npm test');
    assert.equal(runOfSelection('✓ add    adds\n✗ sub: expected 1 to be 2\nprogress 100%', runs)?.commandLine, 'npm test');
    assert.equal(runOfSelection('warning: 1 unused', runs)?.commandLine, 'npm run build');
  });

  it('an older run is found, not the last one shell integration saw', () => {
    assert.deepEqual(runs.map((run) => run.commandLine), ['npm run build', 'npm test']);
    assert.equal(runOfSelection('expected 1 to be 2', runs)?.commandLine, 'npm test');
  });

  it('no command line when the selection is in no run (a prompt and the command typed, two runs at once) or in runs of different commands', () => {
    assert.deepEqual(runOfSelection('$ npm test\n✓ add adds', runs), {});
    assert.deepEqual(runOfSelection('progress 100%\nbuilt dist/extension.js', runs), {});
    assert.deepEqual(runOfSelection('1', runs), {}, 'in both runs');
    assert.deepEqual(runOfSelection('  \n', runs), {});
    assert.deepEqual(runOfSelection('anything', []), {});
  });

  it('the same command run in two folders, both printing the selection: its command line, and no folder, since either may have printed it', () => {
    const log = logOf([
      ['npm test', TEST_RUN, '/work/api'],
      ['npm test', TEST_RUN, '/work/web'],
    ]);
    assert.deepEqual(runIn(log, 'expected 1 to be 2'), { commandLine: 'npm test' });
    logOf([['npm test', TEST_RUN, '/work/web']], 'bash', log);
    assert.deepEqual(runIn(log, 'expected 1 to be 2'), { commandLine: 'npm test' }, 'not the folder of the newest run either');
    const same = logOf([
      ['npm test', TEST_RUN, '/work/api'],
      ['npm test', TEST_RUN, '/work/api'],
    ]);
    assert.deepEqual(runIn(same, 'expected 1 to be 2'), { commandLine: 'npm test', cwd: '/work/api' });
  });

  it('the run whose output alone holds the selection gives its folder, whatever ran elsewhere; different commands in one folder give the folder only', () => {
    const log = logOf([
      ['npm test', TEST_RUN, '/work/api'],
      ['npm test', 'all 12 passed\r\n', '/work/web'],
    ]);
    logOf([['npm test', TEST_RUN, '/work/docs']], 'zsh', log);
    assert.deepEqual(runIn(log, 'expected 1 to be 2'), { commandLine: 'npm test', cwd: '/work/api' });
    assert.deepEqual(runIn(log, 'all 12 passed'), { commandLine: 'npm test', cwd: '/work/web' });
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'zsh'), { commandLine: 'npm test', cwd: '/work/docs' }, 'the runs of the terminal the selection is in');
    const twoCommands = logOf([
      ['npm test', 'warning: 1 unused import\r\n', '/work/api'],
      ['npm run build', BUILD_RUN, '/work/api'],
    ]);
    assert.deepEqual(runIn(twoCommands, 'warning: 1 unused'), { cwd: '/work/api' });
  });

  it('output the terminal printed that is no longer kept may hold the selection: no command line or folder of another run while the terminal may still show it', () => {
    const log = new ExecutionLog<string>({ executions: 2, chars: 64 * 1024 });
    logOf([['npm test', TEST_RUN, '/work/api']], 'bash', log);
    logOf([['npm test', TEST_RUN, '/work/web']], 'bash', log);
    // A run in another terminal pushes the first one out of the log.
    logOf([['ls', 'README.md\r\n']], 'zsh', log);
    assert.deepEqual(log.unkept('bash'), [{ commandLine: 'npm test', cwd: '/work/api', linesAfter: 3 }]);
    assert.deepEqual(runIn(log, 'expected 1 to be 2'), { commandLine: 'npm test' }, 'the run dropped may have printed it, in its folder');
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 3, rows: 0 }), { commandLine: 'npm test', cwd: '/work/web' }, 'once more lines came after it than the terminal keeps, it is not on the terminal any more');
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 2, rows: 1 }), { commandLine: 'npm test', cwd: '/work/web' }, 'the screen\'s rows and the scrollback above them');
    assert.deepEqual(runIn(log, 'README.md', 'zsh'), { commandLine: 'ls' }, 'another terminal\'s runs are not this one\'s');
  });

  it('the output of the last of many quick commands in one terminal: its command line and folder, the earlier runs all kept', () => {
    const commands = Array.from({ length: 40 }, (_, i): [string, string, string] => [`git log -1 --format=%h HEAD~${i}`, `${(0xabc000 + i).toString(16)}\r\n`, '/work/api']);
    const log = logOf([...commands, ['npm test', TEST_RUN, '/work/api']]);
    assert.deepEqual(log.unkept('bash'), []);
    assert.deepEqual(runIn(log, 'expected 1 to be 2'), { commandLine: 'npm test', cwd: '/work/api' });
  });

  it('a kept run the terminal no longer shows, more lines after it than it holds, did not print the selection: the folder of the one shown', () => {
    const log = logOf([
      ['npm test', TEST_RUN, '/work/api'],
      ['npm test', TEST_RUN, '/work/web'],
    ]);
    assert.deepEqual(log.executions('bash').map((run) => run.linesAfter), [0, 3]);
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 0, rows: 3 }), { commandLine: 'npm test', cwd: '/work/web' });
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 0, rows: 4 }), { commandLine: 'npm test' }, 'both shown');
  });

  it('output no longer kept, scrolled past the scrollback but still on the terminal\'s screen, may hold the selection: no folder of another run', () => {
    const log = new ExecutionLog<string>({ executions: 2, chars: 64 * 1024 });
    logOf([['npm test', TEST_RUN, '/work/api']], 'bash', log);
    logOf([['npm test', TEST_RUN, '/work/web']], 'bash', log);
    logOf([['ls', 'README.md\r\n']], 'zsh', log);
    // 3 lines came after the run dropped: above a 24-row screen, a scrollback of 2 lines.
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 2, rows: 24 }), { commandLine: 'npm test' });
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 0, rows: 3 }), { commandLine: 'npm test', cwd: '/work/web' }, 'gone once as many lines came after it as the terminal holds');
  });

  it('the start of a long run that was dropped counts as not kept; a terminal open before the log was made may show anything', () => {
    const log = new ExecutionLog<string>({ executions: 8, chars: 100 });
    logOf([['cat build.log', Array.from({ length: 40 }, (_, i) => `step ${i}\r\n`).join(''), '/work/api']], 'bash', log);
    logOf([['npm test', TEST_RUN, '/work/api']], 'bash', log);
    assert.deepEqual(runIn(log, 'expected 1 to be 2'), { cwd: '/work/api' });
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'bash', { scrollback: 10, rows: 0 }), { commandLine: 'npm test', cwd: '/work/api' });
    log.unheard('old');
    logOf([['npm test', TEST_RUN, '/work/api']], 'old', log);
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'old'), {});
    assert.deepEqual(runIn(log, 'expected 1 to be 2', 'old', { scrollback: 3, rows: 0 }), { commandLine: 'npm test', cwd: '/work/api' });
    log.forget('old');
    assert.deepEqual(log.unkept('old'), []);
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

  it('keeps no more characters of all runs together than the bound: the oldest runs go, remembered as not kept, never the run printing', () => {
    const log = new ExecutionLog<string>({ executions: 10, chars: 10, total: 25 });
    const first = log.start('bash', 'one');
    first('0123456789');
    log.start('zsh', 'two')('0123456789\n');
    assert.deepEqual(log.executions('bash').map((run) => run.output), ['0123456789']);
    log.start('bash', 'three')('abcdefghij');
    assert.deepEqual(log.executions('bash').map((run) => run.commandLine), ['three'], 'the oldest went');
    assert.deepEqual(log.unkept('bash'), [{ commandLine: 'one', cwd: undefined, linesAfter: 0 }]);
    assert.equal(first('more'), false);
    const four = log.start('bash', 'four');
    four('0123456789');
    assert.deepEqual([...log.executions('bash'), ...log.executions('zsh')].map((run) => run.commandLine), ['four', 'three'], 'the run "two" went for "four"');
    four('klmnopqrst');
    assert.deepEqual(log.executions('bash').map((run) => run.output), ['klmnopqrst', 'abcdefghij']);
    log.forget('bash');
    log.start('zsh', 'five')('0123456789');
    log.start('zsh', 'six')('0123456789');
    assert.deepEqual(log.executions('zsh').map((run) => run.commandLine), ['six', 'five'], 'a terminal forgotten gives its characters back');
  });

  it('keeps the last characters of a run that prints more than the bound', () => {
    const log = new ExecutionLog<string>({ executions: 2, chars: 10 });
    const record = log.start('bash', 'yes');
    record('abc');
    assert.deepEqual(log.executions('bash')[0], { commandLine: 'yes', cwd: undefined, output: 'abc', linesAfter: 0 });
    assert.deepEqual(log.unkept('bash'), []);
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
    assert.equal(runOfSelection('line 4998\nline 4999', [run])?.commandLine, 'seq 5000');
    assert.deepEqual(runOfSelection('line 2\nline 3', [run]), {});
  });
});
