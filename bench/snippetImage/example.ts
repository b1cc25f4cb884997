/**
 * Writes media/snippet-image.png, the README's picture of a snippet image, with the production
 * bundle, VS Code's TypeScript grammar and Dark+ theme, the bundled font and Noto Sans CJK:
 *   npm run compile-tests && node esbuild.js --production && node out/bench/snippetImage/example.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as SnippetImageModule from '../../src/core/snippetImage';
import { repoRoot } from '../lib/paths';

const CODE = `import { readFile } from 'node:fs/promises';

// 读取机器人配置；文件不存在时使用默认值
export async function loadRobots(path: string): Promise<Robot[]> {
\ttry {
\t\tconst text = await readFile(path, 'utf8');
\t\treturn (JSON.parse(text) as Robot[]).filter((robot) => robot.enabled);
\t} catch (error) {
\t\tconsole.warn(\`无法读取 \${path}：\${(error as Error).message}\`); // 记录后继续 ✓
\t\treturn [{ name: '默认机器人', webhook: DEFAULT_WEBHOOK, enabled: true, keywords: ['部署', '告警', 'release'] }];
\t}
}
`;

async function main(): Promise<void> {
  const modules = join(repoRoot, 'node_modules');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const renderer = require(join(repoRoot, 'dist', 'snippetImage.js')) as typeof SnippetImageModule;
  const files = renderer.snippetAssetFiles(join(repoRoot, 'dist', 'snippetImage'));
  const fonts = [...files.fonts, ...renderer.findSystemFonts().map((font) => font.path)].map((path) => new Uint8Array(readFileSync(path)));
  const image = await renderer.renderSnippet(
    {
      code: CODE,
      language: 'typescript',
      grammar: JSON.parse(readFileSync(join(modules, 'tm-grammars/grammars/typescript.json'), 'utf8')) as object,
      theme: JSON.parse(readFileSync(join(modules, 'tm-themes/themes/dark-plus.json'), 'utf8')) as object,
      header: 'src/robots.ts  lines 12–23',
      firstLine: 12,
      fonts,
    },
    files,
  );
  writeFileSync(join(repoRoot, 'media', 'snippet-image.png'), image.png);
  console.log(`media/snippet-image.png: ${image.width}×${image.height}, ${image.png.length} bytes; warnings: ${image.warnings.map((w) => w.en).join(' | ') || 'none'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
