// npm run kb:build: checks kb/ and writes lib/kb/generated/bundle.json (+ the compiled lexicon).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkKb, formatProblem } from '../lib/kb/validate';
import { compileBundle } from '../platform/node/kb-compile';
import { readKbFiles } from '../platform/node/kb-files';

const root = process.cwd();
const { problems, concepts, notes } = checkKb(readKbFiles(root));
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`kb:build: ${problems.length} problem(s); fix them (npm run kb:check)`);
  process.exit(1);
}
const bundle = compileBundle(concepts, notes);
const outDir = join(root, 'lib', 'kb', 'generated');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bundle.json'), `${JSON.stringify(bundle)}\n`);
console.log(`kb:build: version ${bundle.version}: ${concepts.length} concepts, ${notes.length} notes`);

// The matcher's compiled lexicon (lib/matching/lexicon.ts), loaded by the content script and the CLI.
{
  const { compileLexicon } = await import('../lib/matching/lexicon');
  const lexicon = compileLexicon(bundle.concepts, { kbVersion: bundle.version });
  writeFileSync(join(outDir, 'lexicon.json'), `${JSON.stringify(lexicon)}\n`);
  console.log(
    `kb:build: lexicon: ${lexicon.stats.forms} forms, ${lexicon.stats.keys} keys, ${lexicon.stats.nodes} trie nodes`,
  );
}
