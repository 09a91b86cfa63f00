// npm run kb:check: validates every kb/ source file; exits 1 naming file and field for each problem.
// With the Disease Ontology extract beside the repo (../shared/reference/vocab/, or SUPPLENS_SHARED),
// every condition's DOID must be a current term whose name or a synonym the concept carries. Every
// condition carries a DOID or a MeSH id, or an idNote saying why none exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDiseaseVocab } from '../lib/kb/disease-vocab';
import { checkKb, formatProblem } from '../lib/kb/validate';
import { readKbFiles } from '../platform/node/kb-files';
import { sharedDir } from './shared-dir';

const files = readKbFiles(process.cwd());
const vocabPath = join(sharedDir(process.cwd()), 'reference/vocab/disease-ontology.tsv');
const vocab = existsSync(vocabPath) ? parseDiseaseVocab(readFileSync(vocabPath, 'utf8')) : undefined;
const { problems, concepts, notes } = checkKb(files, undefined, { vocab, requireConditionIds: true });
for (const p of problems) console.error(formatProblem(p));
if (problems.length > 0) {
  console.error(`kb:check: ${problems.length} problem(s) in ${files.length} files`);
  process.exit(1);
}
console.log(
  `kb:check: ${files.length} files, ${concepts.length} concepts, ${notes.length} notes, no problems; ` +
    (vocab
      ? `Disease Ontology check on (${vocab.terms.size} terms)`
      : 'Disease Ontology check skipped (../shared absent)'),
);
