// @vitest-environment happy-dom

import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { readPageMeta } from '../../../entrypoints/content/page-meta';
import { PAGE_META_LIMITS, PageMetaSchema } from '../../../lib/messaging/protocol';

function doc(head: string, body: string): Document {
  const d = document.implementation.createHTMLDocument('');
  d.documentElement.innerHTML = `<head>${head}</head><body>${body}</body>`;
  return d;
}

describe('readPageMeta', () => {
  it('reads title, JSON-LD and microdata types, and the describing meta tags in one walk', () => {
    const d = doc(
      `<title>Zinc and RA</title>
       <meta name="description" content="A lab study of zinc in immune cells.">
       <meta property="og:description" content="Zinc may worsen RA">
       <meta name="viewport" content="width=device-width">
       <script type="application/ld+json">{"@graph":[{"@type":"MedicalWebPage"},{"@type":["NewsArticle","https://schema.org/Person"]}]}</script>
       <script type="application/json">{"@type":"NotThis"}</script>`,
      `<article itemscope itemtype="https://schema.org/Article http://schema.org/HealthTopicContent"><p>Zinc.</p></article>`,
    );
    const m = readPageMeta(d, 'https://news.example/zinc#top');
    expect(m.title).toBe('Zinc and RA');
    expect([...(m.schemaTypes ?? [])].sort()).toEqual([
      'Article',
      'HealthTopicContent',
      'MedicalWebPage',
      'NewsArticle',
      'Person',
    ]);
    expect(m.metaText).toContain('A lab study of zinc in immune cells.');
    expect(m.metaText).toContain('Zinc may worsen RA');
    expect(m.metaText).not.toContain('device-width');
    expect(m.url).toBe('https://news.example/zinc#top');
  });

  it('a hostile page’s description is cut to what a scan request accepts', () => {
    const many = Array.from(
      { length: 500 },
      (_, i) => `<div itemtype="https://schema.org/T${i}"></div>`,
    ).join('');
    const metas = Array.from(
      { length: 50 },
      () => `<meta name="description" content="${'x'.repeat(1000)}">`,
    ).join('');
    const d = doc(`<title>${'t'.repeat(5000)}</title>${metas}`, many);
    const m = readPageMeta(d, `https://x.example/${'a'.repeat(10_000)}`);
    expect(m.schemaTypes).toHaveLength(PAGE_META_LIMITS.types);
    expect(m.metaText!.length).toBeLessThanOrEqual(PAGE_META_LIMITS.metaText);
    expect(m.metaText!.length).toBeGreaterThan(PAGE_META_LIMITS.metaText / 2);
    expect(v.safeParse(PageMetaSchema, m).success).toBe(true);
  });
});
