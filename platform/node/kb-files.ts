// Reads the kb/ source files from disk: for kb:check, kb:build and the CLI's knowledge-base loader.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SourceFile } from '../../lib/kb/validate';

export function readKbFiles(root: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const folder of ['supplements', 'conditions', 'medications']) {
    const dir = join(root, 'kb', folder);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      if (!name.endsWith('.json')) continue;
      const path = join(dir, name);
      out.push({ path: relative(root, path), text: readFileSync(path, 'utf8') });
    }
  }
  return out;
}
