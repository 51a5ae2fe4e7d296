import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's root, where views/, public/ and migrations/ live: the nearest
 * folder above this file that holds package.json. The same code runs from the
 * TypeScript sources (server/lib) and from the compiled build (dist/server/lib).
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

const ROOT = findRoot(__dirname);

export function projectPath(...segments: string[]): string {
  return path.join(ROOT, ...segments);
}
