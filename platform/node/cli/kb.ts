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

/** Loads bundle.json and lexicon.json from lib/kb/generated, compiling whatever is missing or stale. */
export function loadKb(root: string = PACKAGE_ROOT, warn: (msg: string) => void = () => {}): LoadedKb {
  const genDir = join(root, 'lib', 'kb', 'generated');
  let bundle: KbBundle | undefined;
  let source: LoadedKb['source'] = 'generated';
  const bundlePath = join(genDir, 'bundle.json');
  if (existsSync(bundlePath)) {
    try {
      bundle = JSON.parse(readFileSync(bundlePath, 'utf8')) as KbBundle;
      // Compiled before concepts carried their parents: inheritance would silently do nothing.
      if (bundle.concepts.some((c) => !Array.isArray(c.parents))) {
        warn(`${bundlePath} predates the concept hierarchy; compiling kb/ instead`);
        bundle = undefined;
      }
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
