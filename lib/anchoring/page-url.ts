// The key a review is stored under: the page URL without its fragment (#...), which is navigation
// state, not a different page. Query strings are kept: many sites use them to pick the article.

export function canonicalPageUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return url.split('#')[0] ?? url;
  }
}

export function siteOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
