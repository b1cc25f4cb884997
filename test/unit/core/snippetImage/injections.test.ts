import * as assert from 'assert';
import { injectionsInto } from '../../../../src/core/snippetImage/injections';

describe('snippet grammar injections', function () {
  it("applies to a scope the injections into it and into each scope it is under, outermost first, as VS Code's TMGrammarFactory looks them up", function () {
    const injections = [
      { name: 'jsx only', injectTo: ['source.js.jsx'] },
      { name: 'every source', injectTo: ['source'] },
      { name: 'javascript and markdown', injectTo: ['text.html.markdown', 'source.js'] },
      { name: 'a lookalike', injectTo: ['source.jsx', 'source.j'] },
      { name: 'twice', injectTo: ['source', 'source.js'] },
    ];
    const names = (scopeName: string) => injectionsInto(injections, scopeName).map((injection) => injection.name);
    assert.deepStrictEqual(names('source.js.jsx'), ['every source', 'twice', 'javascript and markdown', 'jsx only']);
    assert.deepStrictEqual(names('source.js'), ['every source', 'twice', 'javascript and markdown']);
    assert.deepStrictEqual(names('text.html.markdown'), ['javascript and markdown']);
    assert.deepStrictEqual(names('text.html'), []);
  });
});
