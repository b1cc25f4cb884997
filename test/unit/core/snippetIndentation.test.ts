import { strict as assert } from 'node:assert';
import { snippetIndentation } from '../../../src/core/snippetIndentation';

describe('core/snippetIndentation', () => {
  it('says a nested Python, YAML or Makefile snippet depends on its indentation', () => {
    assert.equal(snippetIndentation('python', 'def f():\n    return 1\n'), 'syntax');
    assert.equal(snippetIndentation('yaml', 'jobs:\n  build:\n    runs-on: ubuntu-latest'), 'syntax');
    assert.equal(snippetIndentation('dockercompose', 'services:\n  web:\n    image: nginx'), 'syntax');
  });

  it('says a Makefile recipe depends on its tab, even alone', () => {
    assert.equal(snippetIndentation('makefile', '\tgo build ./...\n\tgo test ./...'), 'syntax');
    assert.equal(snippetIndentation('makefile', 'CFLAGS = -O2'), undefined);
  });

  it('says nested code of any other language is laid out by its indentation', () => {
    assert.equal(snippetIndentation('typescript', 'if (ready) {\n  run();\n}'), 'layout');
    assert.equal(snippetIndentation('go', 'func main() {\n\tfmt.Println("hi")\n}'), 'layout');
  });

  it('finds nothing to flatten when every line starts at the same indentation', () => {
    assert.equal(snippetIndentation('python', 'import os\nimport sys'), undefined);
    assert.equal(snippetIndentation('python', '    x = 1\n    y = 2\n'), undefined);
    assert.equal(snippetIndentation('typescript', 'const a = 1;\n\n   \nconst b = 2;'), undefined);
    assert.equal(snippetIndentation('yaml', ''), undefined);
  });

  it('tells spaces from tabs at the same width: a phone flattens both', () => {
    assert.equal(snippetIndentation('python', '\tx = 1\n    y = 2'), 'syntax');
  });
});
