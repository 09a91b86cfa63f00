// npm run kb:check: validates every kb/ source file; exits 1 naming file and field for each problem.
import { checkKb, formatProblem } from '../lib/kb/validate';
import { readKbFiles } from './kb-files';

const files = readKbFiles(process.cwd());
const { problems, concepts, notes } = checkKb(files);
for (const p of problems) console.error(formatProblem(p));
if (problems.length > 0) {
  console.error(`kb:check: ${problems.length} problem(s) in ${files.length} files`);
  process.exit(1);
}
console.log(
  `kb:check: ${files.length} files, ${concepts.length} concepts, ${notes.length} notes, no problems`,
);
