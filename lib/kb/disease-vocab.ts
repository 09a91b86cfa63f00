// The Disease Ontology extract kept beside the repo (../shared/reference/vocab/disease-ontology.tsv) as a
// lookup for kb:check. Pure: the caller reads the file; without it the DOID check is skipped.

export interface DiseaseVocab {
  /** DOID → the term's name and its exact and related synonyms, folded for comparison. */
  terms: Map<string, string[]>;
}

/** Case-, hyphen-, apostrophe- and space-insensitive form used to compare our names with DO's. */
export function foldTermName(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s\b/g, 's')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function parseDiseaseVocab(tsv: string): DiseaseVocab {
  const terms = new Map<string, string[]>();
  const lines = tsv.split('\n');
  const header = (lines[0] ?? '').split('\t');
  const col = (name: string) => header.indexOf(name);
  const [iId, iName, iExact, iRelated] = [
    col('doid'),
    col('name'),
    col('exact_synonyms'),
    col('related_synonyms'),
  ];
  if (iId < 0 || iName < 0) throw new Error('disease vocabulary: missing doid or name column');
  for (const line of lines.slice(1)) {
    if (!line.trim()) continue;
    const f = line.split('\t');
    const id = f[iId];
    if (!id) continue;
    const names = [f[iName] ?? ''];
    for (const i of [iExact, iRelated]) if (i >= 0 && f[i]) names.push(...f[i]!.split('|'));
    terms.set(id, names.filter(Boolean).map(foldTermName));
  }
  return { terms };
}
