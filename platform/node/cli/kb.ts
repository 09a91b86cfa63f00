// Knowledge base and lexicon for the CLI, the evaluation and the benchmark: the generated files
// when present and current, else compiled on the fly from the kb/ sources.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KbBundle } from '../../../lib/kb/types';
import { checkKb, formatProblem } from '../../../lib/kb/validate';
import {
  compileLexicon,
  LEXICON_COMPILER,
  LEXICON_FORMAT,
  type Lexicon,
  type LexiconData,
  loadLexicon,
} from '../../../lib/matching/lexicon';
import { compileBundle } from '../kb-compile';
import { readKbFiles } from '../kb-files';

/** The package root (three levels above platform/node/cli). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface LoadedKb {
  bundle: KbBundle;
  lexiconData: LexiconData;
  lexicon: Lexicon;
  /** Where the bundle came from. */
  source: 'generated' | 'sources';
}

/** `parents` of each concept as written in the kb/ source files (ids without the field are left out). */
export function readParents(root: string = PACKAGE_ROOT): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readKbFiles(root)) {
    try {
      const data = JSON.parse(f.text) as { id?: unknown; parents?: unknown };
      if (typeof data.id === 'string' && Array.isArray(data.parents))
        out.set(
          data.id,
          data.parents.filter((p): p is string => typeof p === 'string'),
        );
    } catch {
      // kb:check reports malformed files; the stats skip them.
    }
  }
  return out;
}

/** Loads bundle.json and lexicon.json from lib/kb/generated, compiling whatever is missing or stale. */
export function loadKb(root: string = PACKAGE_ROOT, warn: (msg: string) => void = () => {}): LoadedKb {
  const genDir = join(root, 'lib', 'kb', 'generated');
  let bundle: KbBundle | undefined;
  let source: LoadedKb['source'] = 'generated';
  const bundlePath = join(genDir, 'bundle.json');
  if (existsSync(bundlePath)) {
    try {
      bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as KbBundle;
    } catch (e) {
      warn(`cannot read ${bundlePath}: ${(e as Error).message}; compiling kb/ instead`);
    }
  }
  if (!bundle) {
    const { problems, concepts, notes } = checkKb(readKbFiles(root));
    if (problems.length > 0) {
      for (const p of problems.slice(0, 5)) warn(formatProblem(p));
      throw new Error(
        `the knowledge base in ${join(root, 'kb')} has ${problems.length} problem(s); run npm run kb:check`,
      );
    }
    bundle = compileBundle(concepts, notes);
    source = 'sources';
  }
  let lexiconData: LexiconData | undefined;
  const lexPath = join(genDir, 'lexicon.json');
  if (existsSync(lexPath)) {
    try {
      const data = JSON.parse(readFileSync(lexPath, 'utf8')) as LexiconData;
      if (
        data.format === LEXICON_FORMAT &&
        data.compiler === LEXICON_COMPILER &&
        data.kbVersion === bundle.version
      )
        lexiconData = data;
    } catch {
      lexiconData = undefined;
    }
  }
  lexiconData ??= compileLexicon(bundle.concepts, { kbVersion: bundle.version });
  return { bundle, lexiconData, lexicon: loadLexicon(lexiconData), source };
}
