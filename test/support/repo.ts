import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository root: the nearest folder above `start` with our package.json and a .vscodeignore
 * (works from test/ and out/test/; tsc may copy package.json into out/, hence the .vscodeignore check).
 */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifestPath = path.join(dir, 'package.json');
    if (fs.existsSync(manifestPath) && fs.existsSync(path.join(dir, '.vscodeignore'))) {
      const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { name?: string };
      if (manifest.name === 'dingtalk-sender') {
        return dir;
      }
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`no package.json named dingtalk-sender above ${start}`);
    }
  }
}

export const repoRoot = findRepoRoot(__dirname);

export function readRepoJson<T>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, relativePath), 'utf8')) as T;
}
