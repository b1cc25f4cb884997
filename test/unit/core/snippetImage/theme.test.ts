import * as assert from 'assert';
import { normalizeColor, parseColor, resolveTheme, type ThemeJson } from '../../../../src/core/snippetImage/theme';
import type { SnippetWarning } from '../../../../src/core/snippetImage';
import { render, typescriptGrammar, type Decoded } from './support';

const CODE = 'const total = compute(items, 42); // sum';

/** The brightest channel of any pixel: a color drawn with alpha over black is never brighter than its alpha lets it be. */
function brightest(image: Decoded): number {
  let max = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    max = Math.max(max, image.data[i], image.data[i + 1], image.data[i + 2]);
  }
  return max;
}

describe('snippet theme', function () {
  it('reads the color forms VS Code themes use', function () {
    assert.deepStrictEqual(parseColor('#ABC'), { hex: '#aabbcc', opacity: 1 });
    assert.deepStrictEqual(parseColor('#1e1e1e'), { hex: '#1e1e1e', opacity: 1 });
    assert.deepStrictEqual(parseColor('#FFFFFF80'), { hex: '#ffffff', opacity: 128 / 255 });
    assert.deepStrictEqual(parseColor('#fff8'), { hex: '#ffffff', opacity: 136 / 255 });
    for (const bad of ['red', '#12', '#12345', 'rgb(1,2,3)', '', undefined, 42]) {
      assert.strictEqual(parseColor(bad), undefined, String(bad));
    }
  });

  it("takes the editor's colors and rules from the theme, the editor colors as the defaults", function () {
    const warnings: SnippetWarning[] = [];
    const theme = resolveTheme(
      {
        name: 'Mine',
        type: 'dark',
        colors: { 'editor.background': '#002b36', 'editor.foreground': '#839496', 'editorLineNumber.foreground': '#586e75' },
        tokenColors: [{ settings: { foreground: '#ff0000' } }, { scope: 'comment', settings: { foreground: '#657b83', fontStyle: 'italic' } }],
      },
      undefined,
      warnings,
    );
    assert.deepStrictEqual(warnings, []);
    assert.strictEqual(theme.background.hex, '#002b36');
    assert.strictEqual(theme.lineNumber.hex, '#586e75');
    const settings = theme.raw.settings;
    assert.deepStrictEqual(settings[0], { settings: { foreground: '#839496', background: '#002B36' } }, 'the editor colors first, as in VS Code');
    assert.deepStrictEqual(settings[1], { scope: 'comment', settings: { foreground: '#657B83', background: undefined, fontStyle: 'italic' } });
    assert.ok(!settings.slice(1).some((rule) => !rule.scope), 'the theme\'s rule without a scope is dropped, as in VS Code');
  });

  it('fills what a theme lacks from the built-in theme of its kind, and says what', function () {
    const warnings: SnippetWarning[] = [];
    const theme = resolveTheme({ name: 'Half', type: 'light', tokenColors: 'themes/half-tokens.json' }, 'dark', warnings);
    assert.strictEqual(theme.background.hex, '#ffffff', "the theme's own type wins over the editor's kind");
    assert.deepStrictEqual(warnings.map((w) => w.code), ['themeIncomplete']);
    assert.match(warnings[0].en, /editor\.background, editor\.foreground, tokenColors/);
    assert.match(warnings[0].zh, /Half/);
    const guessed = resolveTheme({ colors: { 'editor.background': '#fafafa' } }, undefined, []);
    assert.strictEqual(guessed.foreground.hex, '#000000', 'a light background gets the light theme');
  });

  it("orders and writes the rules as VS Code's colorThemeData.ts does: the editor's colors first with their alpha, no other rule without a scope, colors normalized, the token.*-token rules last", function () {
    const theme = resolveTheme(
      {
        type: 'dark',
        colors: { 'editor.background': '#000000', 'editor.foreground': '#ffffff80' },
        tokenColors: [
          { scope: 'comment', settings: { foreground: '#abc' } },
          { settings: { foreground: '#ff0000', fontStyle: 'bold' } },
          { scope: '', settings: { fontStyle: 'italic' } },
          { scope: ['string'], settings: { foreground: '#12345678', background: '#ffffffff' } },
          { scope: 'keyword', settings: { foreground: 'red' } },
        ],
      },
      'dark',
      [],
    );
    assert.deepStrictEqual(theme.raw.settings, [
      { settings: { foreground: '#FFFFFF80', background: '#000000' } },
      { scope: 'comment', settings: { foreground: '#AABBCC', background: undefined, fontStyle: undefined } },
      { scope: ['string'], settings: { foreground: '#12345678', background: '#FFFFFF', fontStyle: undefined } },
      { scope: 'keyword', settings: { foreground: undefined, background: undefined, fontStyle: undefined } },
      ...[
        ['info', '#6796E6'],
        ['warn', '#CD9731'],
        ['error', '#F44747'],
        ['debug', '#B267E6'],
      ].map(([token, foreground]) => ({ scope: `token.${token}-token`, settings: { foreground, background: undefined, fontStyle: undefined } })),
    ]);
    const ownTokens = resolveTheme({ colors: { 'editor.background': '#ffffff', 'editor.foreground': '#000000' }, tokenColors: [{ scope: 'token.info-token', settings: { foreground: '#010203' } }] }, 'light', []);
    assert.deepStrictEqual(ownTokens.raw.settings.map((rule) => rule.scope), [undefined, 'token.info-token'], "a theme's own token.info-token rule: VS Code adds none of its own");
    for (const [given, normal] of [['#ABC', '#AABBCC'], ['#abcd', '#AABBCCDD'], ['#abcf', '#AABBCC'], ['#a1b2c3', '#A1B2C3'], ['#a1b2c3ff', '#A1B2C3'], ['#a1b2c300', '#A1B2C300']]) {
      assert.strictEqual(normalizeColor(given), normal, given);
    }
    for (const bad of [' #abc', 'red', '#12345', undefined, 7]) {
      assert.strictEqual(normalizeColor(bad), undefined, String(bad));
    }
  });

  describe('in the picture', function () {
    // The first picture loads the WebAssembly renderer and the fonts.
    this.timeout(60_000);
    const theme = (tokenColors: ThemeJson['tokenColors'], foreground = '#d4d4d4'): ThemeJson => ({
      name: 'Test',
      type: 'dark',
      colors: { 'editor.background': '#000000', 'editor.foreground': foreground },
      tokenColors,
    });
    const comment = { scope: 'comment', settings: { foreground: '#6a9955' } };

    it("a theme's rule without a scope changes nothing: VS Code drops it (here one that would make all the code bold and red)", async function () {
      const plain = await render({ code: CODE, grammar: typescriptGrammar, theme: theme([comment]) });
      const withDefaultRule = await render({ code: CODE, grammar: typescriptGrammar, theme: theme([{ settings: { foreground: '#ff0000', fontStyle: 'bold' } }, comment]) });
      assert.deepStrictEqual(withDefaultRule.png, plain.png);
    });

    it("the editor foreground's alpha is kept for the code, as VS Code keeps it: half-transparent white on black is drawn grey", async function () {
      const { pixels } = await render({ code: CODE, grammar: typescriptGrammar, theme: theme([{ scope: 'markup.heading', settings: { foreground: '#ff0000' } }], '#ffffff80') });
      const max = brightest(pixels);
      assert.ok(max > 0x60, `there is text (brightest channel ${max})`);
      assert.ok(max <= 0x82, `nothing brighter than the foreground at its alpha (brightest channel ${max.toString(16)})`);
    });
  });
});
