// Bundles the extension into dist/extension.js, after VS Code's esbuild sample.
//   node esbuild.js               development build (with a source map)
//   node esbuild.js --production  minified, no source map (what `vsce package` ships)
//   node esbuild.js --watch       rebuild on change, with output for a problem matcher
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const outfile = path.join(__dirname, 'dist', 'extension.js');

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
    fs.rmSync(`${outfile}.map`, { force: true });
  }
  const ctx = await esbuild.context({
    absWorkingDir: __dirname,
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node18',
    outfile,
    external: ['vscode'],
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
