// Bundles the extension into dist/extension.js, after VS Code's esbuild sample, and the snippet image
// renderer into dist/snippetImage.js (loaded only when an image is made) with the files it reads at
// run time beside it in dist/snippetImage/: two WebAssembly modules and the bundled font.
//   node esbuild.js               development build (with a source map)
//   node esbuild.js --production  minified, no source map (what `vsce package` ships)
//   node esbuild.js --watch       rebuild on change, with output for a problem matcher
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const outfile = path.join(__dirname, 'dist', 'extension.js');
const snippetImageDir = path.join(__dirname, 'dist', 'snippetImage');

/** What dist/snippetImage/ holds: target name → the installed package file it is copied from. */
const snippetImageAssets = {
  'resvg.wasm': '@resvg/resvg-wasm/index_bg.wasm',
  'onig.wasm': 'vscode-oniguruma/release/onig.wasm',
  'fonts/SourceCodePro-Regular.otf': 'source-code-pro/OTF/SourceCodePro-Regular.otf',
  'fonts/SourceCodePro-Bold.otf': 'source-code-pro/OTF/SourceCodePro-Bold.otf',
  'fonts/SourceCodePro-It.otf': 'source-code-pro/OTF/SourceCodePro-It.otf',
  // The SIL Open Font License asks that the license travel with the font.
  'fonts/SourceCodePro-LICENSE.md': 'source-code-pro/LICENSE.md',
};

function copySnippetImageAssets() {
  for (const [target, source] of Object.entries(snippetImageAssets)) {
    const to = path.join(snippetImageDir, target);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(require.resolve(source), to);
  }
}

/**
 * Prints build start/end and errors in the form the `$esbuild-watch` problem
 * matcher (connor4312.esbuild-problem-matchers) understands.
 * @type {import('esbuild').Plugin}
 */
const esbuildProblemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  if (production) {
    // A map left over from a development build must not end up next to the minified bundle.
    for (const bundle of [outfile, path.join(__dirname, 'dist', 'snippetImage.js')]) {
      fs.rmSync(`${bundle}.map`, { force: true });
    }
  }
  copySnippetImageAssets();
  const ctx = await esbuild.context({
    absWorkingDir: __dirname,
    entryPoints: { extension: 'src/extension.ts', snippetImage: 'src/core/snippetImage/index.ts' },
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node18',
    outdir: path.dirname(outfile),
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its ES module build bundles.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
    logLevel: 'silent',
    plugins: [esbuildProblemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}

main().catch((e) => {
  if (!(e && Array.isArray(e.errors))) {
    // Build errors were already printed by the plugin; anything else was not.
    console.error(e);
  }
  process.exit(1);
});
