// Pages for the Chromium bench, generated from fixture text: the visible text of the evaluation
// pages (tests/fixtures/eval, real-style health news) laid out as an article of about 60 KB and as
// a long page of about 3 MB (the same paragraphs repeated in sections, with links and emphasis),
// plus the popup page with 200 mentions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlToText } from '../../lib/text/html';

const EVAL_DIR = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'eval');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The paragraphs (blocks of at least 60 characters) of every evaluation page, in file order. */
export function fixtureParagraphs(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(EVAL_DIR)
    .filter((x) => x.endsWith('.html'))
    .sort()) {
    const { text } = htmlToText(readFileSync(join(EVAL_DIR, f), 'utf8'));
    for (const line of text.split('\n')) if (line.length >= 60) out.push(line);
  }
  return out;
}

/** Some inline markup inside a paragraph, as articles have (every 7th word linked or emphasised). */
function decorate(p: string, i: number): string {
  const words = esc(p).split(' ');
  return words
    .map((w, k) => {
      if ((k + i) % 29 === 7) return `<a href="#r${k}">${w}</a>`;
      if ((k + i) % 31 === 11) return `<em>${w}</em>`;
      return w;
    })
    .join(' ');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>${esc(title)}</title>
<meta name="description" content="Health news: what studies say about supplements, medicines and conditions.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","about":{"@type":"MedicalCondition","name":"Rheumatoid arthritis"}}</script>
<style>body{font:17px/1.6 Georgia,serif;max-width:760px;margin:0 auto;padding:16px;color:#222}h2{font:600 22px system-ui}</style>
</head><body><main><article><h1>${esc(title)}</h1>
${body}
</article></main></body></html>
`;
}

/** Paragraphs until the visible text reaches `chars`, in sections of 12 paragraphs. */
export function articleOf(
  chars: number,
  title: string,
): { html: string; textChars: number; paragraphs: number } {
  const paras = fixtureParagraphs();
  const parts: string[] = [];
  let text = 0;
  let i = 0;
  while (text < chars) {
    if (i % 12 === 0) parts.push(`<section><h2>Part ${i / 12 + 1}</h2>`);
    const p = paras[i % paras.length]!;
    parts.push(`<p>${decorate(p, i)}</p>`);
    text += p.length + 1;
    i++;
    if (i % 12 === 0) parts.push('</section>');
  }
  if (i % 12 !== 0) parts.push('</section>');
  return { html: page(title, parts.join('\n')), textChars: text, paragraphs: i };
}

const TERMS = [
  'zinc',
  'rheumatoid arthritis',
  'vitamin D',
  'fish oil',
  'osteoporosis',
  'warfarin',
  'calcium',
  'type 2 diabetes',
  'metformin',
  'magnesium',
];

/**
 * The popup page of the bench and of tests/e2e/popup-perf.test.ts: each of 20 paragraphs mentions
 * every term once.
 */
export function articleWith200Mentions(): string {
  const paras: string[] = [];
  for (let i = 0; i < 20; i++)
    paras.push(
      `<p>Study ${i + 1}: researchers followed adults taking ${TERMS[0]} supplements who had ${TERMS[1]}. Some also took ${TERMS[2]} and ${TERMS[3]}; ` +
        `those with ${TERMS[4]} or on ${TERMS[5]} were analysed apart, as were people taking ${TERMS[6]}. ` +
        `People with ${TERMS[7]} on ${TERMS[8]} often take ${TERMS[9]}, so doctors asked about every supplement at each visit.</p>`,
    );
  // Unstyled, unlike `page`: the e2e test waits for all 200 marks, and marks are made only near
  // the viewport, so the whole article has to fit in the first screen.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Supplements and chronic disease: what 20 studies found</title>
<meta name="description" content="A review of supplement studies in people with chronic conditions.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Supplements and chronic disease","about":{"@type":"MedicalCondition","name":"Rheumatoid arthritis"}}</script>
</head><body><main><article><h1>Supplements and chronic disease: what 20 studies found</h1>${paras.join('\n')}</article></main></body></html>`;
}
