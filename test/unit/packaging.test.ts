// Checks what goes into the .vsix (`vsce ls`). The manifest's own checks are in manifest.test.ts.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as fs from 'fs';
import { readRepoJson, repoRoot } from '../support/repo';

/** Runs vsce from node_modules with the current node (no shell, no npx, works on any OS). */
function vsce(...args: string[]): string {
  const vscePackage = readRepoJson<{ bin: Record<string, string> }>('node_modules/@vscode/vsce/package.json');
  const bin = path.join(repoRoot, 'node_modules/@vscode/vsce', vscePackage.bin.vsce);
  return execFileSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface MediaManifest {
  contributes: {
    walkthroughs?: { steps: { media: { markdown?: string; image?: unknown } }[] }[];
    viewsContainers?: Record<string, { icon: string }[]>;
  };
}

/** The markdown files the walkthrough steps show: VS Code reads them from the installed extension. */
const walkthroughMedia = (readRepoJson<MediaManifest>('package.json').contributes.walkthroughs ?? [])
  .flatMap((walkthrough) => walkthrough.steps)
  .map((step) => step.media.markdown)
  .filter((file): file is string => typeof file === 'string')
  .map((file) => path.posix.normalize(file));

/** The activity bar icons of the view containers. */
const viewIcons = Object.values(readRepoJson<MediaManifest>('package.json').contributes.viewsContainers ?? {})
  .flat()
  .map((container) => path.posix.normalize(container.icon));

/** The pictures README.md shows: the installed extension's details page reads them from the .vsix. */
const readmeImages = [...fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8').matchAll(/!\[[^\]]*\]\(((?:media|docs\/images)\/[^)\s]+)\)/g)].map((m) => m[1]);

const required = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'dist/extension.js',
  // Loaded on first use (esbuild.js).
  'dist/commands.js',
  'dist/core.js',
  'dist/preview.js',
  'dist/snippetImage.js',
  'dist/snippetImage/resvg.wasm',
  'dist/snippetImage/onig.wasm',
  'dist/snippetImage/fonts/SourceCodePro-Regular.otf',
  'dist/snippetImage/fonts/SourceCodePro-Bold.otf',
  'dist/snippetImage/fonts/SourceCodePro-It.otf',
  'dist/snippetImage/fonts/SourceCodePro-LICENSE.md',
  'media/icon.png',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'l10n/bundle.l10n.zh-cn.json',
  ...walkthroughMedia,
  ...viewIcons,
  ...readmeImages,
];

/** Files that may ship besides the required ones (more pictures, more languages, walkthrough pages). */
const optional = [
  /^media\/[^/]+\.png$/,
  /^media\/walkthrough\/[^/]+\.(md|png|svg)$/,
  /^media\/screenshots\/[^/]+\.png$/,
  /^docs\/images\/[^/]+\.png$/,
  /^package\.nls\.[a-z-]+\.json$/,
  /^l10n\/bundle\.l10n\.[a-z-]+\.json$/,
];

const forbidden = [/^src\//, /^test\//, /^out\//, /^node_modules\//, /\.map$/, /\.ts$/, /(^|\/)tsconfig[^/]*$/, /(^|\/)eslint[^/]*$/, /^\.ci\//];

describe('packaging (.vsix contents)', function () {
  this.timeout(60_000);
  let files: string[];

  before(function () {
    // vsce ls only lists files that exist, so build the bundle exactly as `npm run package` ships it.
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    files = vsce('ls', '--no-dependencies')
      .split(/\r?\n/)
      .map((line) => line.trim().replace(/\\/g, '/'))
      .filter((line) => line.length > 0);
  });

  it('contains every required file', function () {
    const missing = required.filter((file) => !files.includes(file));
    assert.deepStrictEqual(missing, [], `missing from the .vsix: ${missing.join(', ')}\nvsce ls:\n${files.join('\n')}`);
  });

  it('contains nothing but the allowed files', function () {
    const unexpected = files.filter((file) => !required.includes(file) && !optional.some((re) => re.test(file)));
    assert.deepStrictEqual(unexpected, [], `unexpected in the .vsix: ${unexpected.join(', ')}`);
  });

  it('contains no sources, tests, build output, maps or configs', function () {
    const bad = files.filter((file) => forbidden.some((re) => re.test(file)));
    assert.deepStrictEqual(bad, []);
  });

  it('packs the markdown page of every walkthrough step', function () {
    assert.ok(walkthroughMedia.length > 0, 'the manifest contributes no walkthrough media');
    const missing = walkthroughMedia.filter((file) => !files.includes(file));
    assert.deepStrictEqual(missing, [], `walkthrough media missing from the .vsix (see .vscodeignore): ${missing.join(', ')}`);
  });
});
