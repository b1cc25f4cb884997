// Bundles the extension, after VS Code's esbuild sample, into files loaded when they are first used:
//   dist/extension.js     what activation loads: the commands registered as thunks, the status bar, the history view
//   dist/commands.js      the registration table with every command and what they use (the secret scanner, the review…)
//   dist/core.js          the DingTalk core: the client and its HTTP stack (Node's http/https, https-proxy-agent), markdown (markdown-it), uploads, zip (yazl)
//   dist/preview.js       the send preview's webview page, with the markdown-it it renders with
//   dist/snippetImage.js  the snippet image renderer, with the files it reads at run time beside it in
//                         dist/snippetImage/: two WebAssembly modules and the bundled font
// esbuild cannot split CommonJS output into shared chunks, so each file is an entry point of its own and
// a module that is another file's entry is not bundled again: its import becomes a require() of that file
// (sharedEntriesPlugin). Code that is in no entry's place is copied into each bundle using it, which is
// safe for the extension's small stateless modules; the core, whose classes (DingTalkError) must be one,
// is only ever in dist/core.js. What activation defers, it reaches by a require() at the point of use
// (src/extension/lazy.ts).
//   node esbuild.js               development build (with a source map)
//   node esbuild.js --production  minified, no source map (what `vsce package` ships)
//   node esbuild.js --watch       rebuild on change, with output for a problem matcher
//   --one-bundle=<dir>            the same sources as one dist/extension.js in <dir>, everything but the snippet
//                                 image renderer inside (the bench's "before" figure: what activation loaded)
//   --metafile=<file>             also write esbuild's metafile (what each bundle holds) there, for the activation test
//   --markdown-it-reference=<dir> only markdown-it, bundled as dist/core.js bundles it (the same build of the package,
//                                 the same options), as <dir>/markdownIt.js: the bench's reference for the core's conversion
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const oneBundle = process.argv.find((arg) => arg.startsWith('--one-bundle='))?.slice('--one-bundle='.length);
const metafile = process.argv.find((arg) => arg.startsWith('--metafile='))?.slice('--metafile='.length);
const markdownItReference = process.argv.find((arg) => arg.startsWith('--markdown-it-reference='))?.slice('--markdown-it-reference='.length);

const outfile = path.join(__dirname, 'dist', 'extension.js');

/** Each bundle in dist/ and its entry module. */
const entryPoints = {
  extension: 'src/extension.ts',
  commands: 'src/extension/vscode/registerCommands.ts',
  core: 'src/core/index.ts',
  preview: 'src/extension/vscode/previewPanel.ts',
  snippetImage: 'src/core/snippetImage/index.ts',
};
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
 * Keeps each entry module in its own bundle: an import of another entry's module, from any bundle,
 * becomes `require('./<that bundle>.js')`, so a bundle loaded on first use is not copied into the
 * bundles that load it.
 * @type {import('esbuild').Plugin}
 */
const sharedEntriesPlugin = {
  name: 'shared-entries',
  setup(build) {
    const bundleOf = new Map(Object.entries(entryPoints).map(([name, entry]) => [path.join(__dirname, entry), name]));
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.kind === 'entry-point' || args.pluginData === sharedEntriesPlugin) {
        return undefined;
      }
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: sharedEntriesPlugin });
      const bundle = bundleOf.get(resolved.path);
      return bundle === undefined ? resolved : { path: `./${bundle}.js`, external: true };
    });
  },
};

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

/** How every bundle is built, whatever its entry points. */
const common = {
  absWorkingDir: __dirname,
  bundle: true,
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  platform: 'node',
  target: 'node18',
  external: ['vscode'],
  // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow; its ES module build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  logLevel: 'silent',
};

/** markdown-it imported as src/core/markdown/markdownIt.ts imports it, so esbuild picks the same file of the package. */
async function buildMarkdownItReference(dir) {
  await esbuild.build({
    ...common,
    stdin: { contents: "export { default } from 'markdown-it';", resolveDir: path.join(__dirname, 'src', 'core', 'markdown'), sourcefile: 'markdownItReference.ts', loader: 'ts' },
    outfile: path.join(path.resolve(dir), 'markdownIt.js'),
    plugins: [esbuildProblemMatcherPlugin],
  });
}

async function main() {
  if (markdownItReference) {
    await buildMarkdownItReference(markdownItReference);
    return;
  }
  if (production && !oneBundle) {
    // A map left over from a development build must not end up next to the minified bundle.
    for (const bundle of Object.keys(entryPoints).map((name) => path.join(__dirname, 'dist', `${name}.js`))) {
      fs.rmSync(`${bundle}.map`, { force: true });
    }
  }
  if (!oneBundle) {
    copySnippetImageAssets();
  }
  const ctx = await esbuild.context({
    ...common,
    entryPoints: oneBundle ? { extension: entryPoints.extension } : entryPoints,
    outdir: oneBundle ? path.resolve(oneBundle) : path.dirname(outfile),
    metafile: metafile !== undefined,
    plugins: oneBundle ? [esbuildProblemMatcherPlugin] : [sharedEntriesPlugin, esbuildProblemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    const result = await ctx.rebuild();
    await ctx.dispose();
    if (metafile) {
      fs.writeFileSync(metafile, JSON.stringify(result.metafile));
    }
  }
}

main().catch((e) => {
  if (!(e && Array.isArray(e.errors))) {
    // Build errors were already printed by the plugin; anything else was not.
    console.error(e);
  }
  process.exit(1);
});
