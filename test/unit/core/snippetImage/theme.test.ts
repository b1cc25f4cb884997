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

  it("draws an editor color the theme does not set in VS Code's default for the theme's kind, as VS Code does, and says which", function () {
    // editorColors.ts, baseColors.ts and editorColorRegistry.ts in microsoft/vscode: the registry's defaults by theme type.
    const expected = {
      light: ['#ffffff', '#333333', '#237893'],
      dark: ['#1e1e1e', '#bbbbbb', '#858585'],
      highContrast: ['#000000', '#ffffff', '#ffffff'],
      highContrastLight: ['#ffffff', '#292929', '#292929'],
    } as const;
    for (const [kind, [background, foreground, lineNumber]] of Object.entries(expected) as Array<[keyof typeof expected, readonly string[]]>) {
      const warnings: SnippetWarning[] = [];
      const theme = resolveTheme({ name: 'Bare', tokenColors: [{ scope: 'comment', settings: { foreground: '#008000' } }] }, kind, warnings);
      assert.deepStrictEqual([theme.background.hex, theme.foreground.hex, theme.lineNumber.hex], [background, foreground, lineNumber], kind);
      assert.deepStrictEqual(theme.raw.settings[0], { settings: { foreground: foreground.toUpperCase(), background: background.toUpperCase() } }, `${kind}: the code's default color too`);
      assert.deepStrictEqual(warnings.map((w) => w.code), ['themeDefaults'], kind);
      assert.match(warnings[0].en, /"Bare" sets no editor\.background, editor\.foreground, editorLineNumber\.foreground; drew VS Code's defaults/);
      assert.match(warnings[0].zh, /Bare/);
    }
    // Quiet Light sets editor.background and not editor.foreground: its code is #333333, not black.
    const quiet = resolveTheme({ name: 'Quiet Light', colors: { 'editor.background': '#F5F5F5', 'editorLineNumber.foreground': '#9DA39A' }, tokenColors: [{ settings: { foreground: '#333333' } }, { scope: 'comment', settings: { foreground: '#AAAAAA' } }] }, 'light', []);
    assert.deepStrictEqual([quiet.background.hex, quiet.foreground.hex, quiet.lineNumber.hex], ['#f5f5f5', '#333333', '#9da39a']);
  });

  it("takes the theme's kind from the host (VS Code's uiTheme) over the JSON's type, which VS Code never reads; the JSON's type, then its background, only without one", function () {
    const warnings: SnippetWarning[] = [];
    const half = { name: 'Half', type: 'light', tokenColors: 'themes/half-tokens.json' };
    const theme = resolveTheme(half, 'dark', warnings);
    assert.deepStrictEqual([theme.background.hex, theme.foreground.hex], ['#1e1e1e', '#bbbbbb'], "a theme contributed as vs-dark is dark whatever its file's type says");
    assert.deepStrictEqual(warnings.map((w) => w.code), ['themeDefaults', 'themeIncomplete']);
    assert.match(warnings[1].en, /"Half" has no usable tokenColors; took those from the built-in Dark \(built in\) theme/);
    assert.strictEqual(resolveTheme(half, undefined, []).background.hex, '#ffffff', 'no kind given: the JSON type');
    const guessed = resolveTheme({ colors: { 'editor.background': '#fafafa' } }, undefined, []);
    assert.strictEqual(guessed.foreground.hex, '#333333', 'no kind and no type: a light background makes a light theme');
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
      colors: { 'editor.background': '#000000', 'editor.foreground': foreground, 'editorLineNumber.foreground': '#404040' },
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
