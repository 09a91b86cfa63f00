// Every DOI and PMID in the knowledge base must be one the team has seen: the leads' vetted facts
// (kb-facts*.md) and the evidence audit list them, and kb/identifiers-seen.md records those confirmed
// later on the work itself. Skipped where the vetted files are not beside the repo.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKb } from '../../../lib/kb/validate';
import { readKbFiles } from '../../../platform/node/kb-files';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const REFERENCE = resolve(process.env.SUPPLENS_SHARED ?? resolve(ROOT, '..', 'shared'), 'reference');
const FACTS = resolve(REFERENCE, 'kb-facts.md');

describe.skipIf(!existsSync(FACTS))('identifiers in the knowledge base', () => {
  it('appear in the vetted reference facts or the audit', () => {
    const facts = readdirSync(REFERENCE)
      .filter((f) => /^kb-(facts.*|audit)\.md$/.test(f))
      .map((f) => readFileSync(resolve(REFERENCE, f), 'utf8').toLowerCase())
      .concat(readFileSync(resolve(ROOT, 'kb', 'identifiers-seen.md'), 'utf8').toLowerCase())
      .join('\n');
    const { concepts, notes } = checkKb(readKbFiles(ROOT));
    const sources = [
      ...notes.flatMap((n) => n.sources),
      ...concepts.flatMap((c) => [...c.sources, ...(c.upperLimit?.sources ?? [])]),
    ];
    const unseen = sources
      .flatMap((s) => [s.doi, s.pmid])
      .filter((id): id is string => !!id && !facts.includes(id.toLowerCase()));
    expect(unseen).toEqual([]);
  });
});

describe('the knowledge base as shipped', () => {
  const { problems, concepts, notes } = checkKb(readKbFiles(ROOT));
  it('passes kb:check', () => {
    expect(problems).toEqual([]);
  });
  it('has the zinc / rheumatoid arthritis lab-study note', () => {
    const note = notes.find((n) => n.id === 'zinc-rheumatoid-arthritis-lab-2022');
    expect(note).toMatchObject({ supplement: 'zinc', target: 'rheumatoid-arthritis', evidence: 'lab' });
    expect(note?.summary).toMatch(/Science Signaling/);
  });
  it('gives every vitamin and mineral with an adult upper limit that limit', () => {
    const withLimit = [
      'vitamin-a',
      'vitamin-d',
      'vitamin-e',
      'vitamin-c',
      'niacin',
      'vitamin-b6',
      'folic-acid',
      'choline',
      'calcium',
      'iron',
      'zinc',
      'magnesium',
      'selenium',
      'iodine',
      'copper',
      'manganese',
      'vanadium',
      'molybdenum',
      'phosphorus',
      'fluoride',
    ];
    for (const id of withLimit) expect(concepts.find((c) => c.id === id)?.upperLimit, id).toBeDefined();
  });
});
