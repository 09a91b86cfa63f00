// Forms the lexicon compiler adds beyond what the knowledge base lists, because they need a rule
// rather than a plain synonym.
//
// NOT_MENTION_FORMS: longer phrases in which a knowledge-base word is part of something else. They
// are compiled into the trie like any form, so the longest match ("tumor necrosis factor" over
// "tumor", "diabetes insipidus" over "diabetes", "coronary calcium score" over "calcium") takes
// the span, and then reports nothing. A concept that lists the same phrase wins over it, so these
// never hide a real, more specific concept: the most specific name always wins.
//
// CONTEXT_FORMS: everyday words that name a concept only in some contexts ("a cold" is the
// illness, "cold water" is not). They are compiled for the concept when it exists and checked by
// the context rules in false-hits.ts.

export const NOT_MENTION_FORMS: readonly string[] = [
  // A different disease whose name starts with a knowledge-base condition.
  'diabetes insipidus',
  'nephrogenic diabetes insipidus',
  'central diabetes insipidus',
  'persistent pulmonary hypertension of the newborn',
  'persistent pulmonary hypertension',
  'stomach flu',
  // Foods named after a supplement.
  'soy sauce',
  // Molecules, genes and assays named after a disease.
  'tumor necrosis factor',
  'tumour necrosis factor',
  'tumor suppressor',
  'tumour suppressor',
  'tumor suppressor gene',
  'cancer antigen',
  // Condiments named after a supplement's plant.
  'soy sauce',
  'soya sauce',
  // Fibers of the body and of materials are not dietary fiber.
  'nerve fiber',
  'nerve fibre',
  'nerve fibers',
  'nerve fibres',
  'nerve fiber layer',
  'nerve fibre layer',
  'muscle fiber',
  'muscle fibre',
  'muscle fibers',
  'muscle fibres',
  'collagen fibers',
  'collagen fibres',
  'elastic fibers',
  'elastic fibres',
  'optical fiber',
  'optical fibre',
  'optic fiber',
  'optic fibre',
  'fiber optic',
  'fibre optic',
  'fiber optics',
  'fibre optics',
  'fiber-optic cable',
  'carbon fiber',
  'carbon fibre',
  'glass fiber',
  'glass fibre',
  'synthetic fiber',
  'synthetic fibre',
  'synthetic fibers',
  'synthetic fibres',
  'fiber broadband',
  'fibre broadband',
  'fiber internet',
  'fibre internet',
  'fiber network',
  'fibre network',
  'fiber networks',
  'fibre networks',
  'fiber art',
  'fibre art',
  'fiber arts',
  'fibre arts',
  'fiber artist',
  'fibre artist',
  'moral fiber',
  'moral fibre',
  'Purkinje fibers',
  'Purkinje fibres',
  // Shingles on a roof are not the illness.
  'roof shingles',
  'asphalt shingles',
  'cedar shingles',
  'wood shingles',
  'wooden shingles',
  'slate shingles',
  'solar shingles',
  'roofing shingles',
  // Calcium on a scan and in a cell's biology is not the supplement.
  'coronary calcium',
  'coronary artery calcium',
  'coronary artery calcium score',
  'coronary calcium score',
  'calcium score',
  'calcium scoring',
  'calcium scan',
  'calcium deposit',
  'calcium deposits',
  'calcium deposition',
  'calcium channel',
  'calcium channels',
  'calcium signaling',
  'calcium signalling',
  'calcium signal',
  'calcium signals',
  'intracellular calcium',
  'cytosolic calcium',
  'cytoplasmic calcium',
  'mitochondrial calcium',
  'calcium influx',
  'calcium efflux',
  'calcium flux',
  'calcium transient',
  'calcium transients',
  'calcium oscillations',
  'calcium imaging',
  'calcium ion',
  'calcium ions',
  'calcium-binding protein',
  'calcium-binding proteins',
  'calcium-sensing receptor',
  'calcium release',
  'calcium sensor',
];

/** Extra surface forms per concept id, checked by the context rules (false-hits.ts CONTEXT_RULES). */
export const CONTEXT_FORMS: Readonly<Record<string, readonly string[]>> = {
  'common-cold': ['cold'],
  influenza: ['flu'],
};
