// The key a review is stored under: the page URL without its fragment (#...), which is navigation
// state, not a different page, and without its query string (?...), which often carries session
// tokens, e-mail addresses and tracking ids, unless the reviewer chose to keep it for that site
// (some sites pick the article with it). canonicalPageUrl drops the fragment only; reviewPageUrl
// applies the whole rule.

export function canonicalPageUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url.split('#')[0] ?? url;
  }
}

/** The URL a review of `url` is stored and exported under; `keepQuery` lists hostnames. */
export function reviewPageUrl(url: string, keepQuery: ReadonlySet<string> | readonly string[]): string {
  const canonical = canonicalPageUrl(url);
  try {
    const u = new URL(canonical);
    const keep = Array.isArray(keepQuery)
      ? keepQuery.includes(u.hostname)
      : (keepQuery as ReadonlySet<string>).has(u.hostname);
    if (keep || !u.search) return canonical;
    u.search = '';
    return u.href;
  } catch {
    return canonical;
  }
}

export function siteOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
