// Link that opens the reviewed page scrolled to the quote (URL text fragment, Chromium and
// Safari; other browsers just open the page).
import type { Review } from '../../lib/reviews/model';

const enc = (s: string) => encodeURIComponent(s).replace(/-/g, '%2D');
const words = (s: string) => s.trim().split(/\s+/).filter(Boolean);

export function openPageUrl(r: Pick<Review, 'pageUrl' | 'quote'>): string {
  let url: URL;
  try {
    url = new URL(r.pageUrl);
  } catch {
    return '#';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'file:') return '#';
  const exact = r.quote.exact.replace(/\s+/g, ' ').trim();
  if (!exact || exact.length > 300) return url.href;
  // Context must be whole words next to the quote: drop the possibly cut-off outer word.
  const pre = words(r.quote.prefix).slice(1).slice(-3).join(' ');
  const suf = words(r.quote.suffix).slice(0, -1).slice(0, 3).join(' ');
  const startsInWord = /\S$/.test(r.quote.prefix);
  const endsInWord = /^\S/.test(r.quote.suffix);
  const parts = [
    ...(pre && !startsInWord ? [`${enc(pre)}-`] : []),
    enc(exact),
    ...(suf && !endsInWord ? [`-${enc(suf)}`] : []),
  ];
  return `${url.href}#:~:text=${parts.join(',')}`;
}
