// Pure text anchoring (no DOM needed except in ./dom.ts). See docs/reviewer-integration.md.
export { type AnchorOptions, anchor, anchorAll, describe, MAX_EDITS, type TextSelectors } from './anchor';
export { type ApproxMatch, approxSearch } from './approx';
export { type NormalizedText, normalizeText } from './normalize';
export { canonicalPageUrl, siteOf } from './page-url';
export { contextScore, editDistance, similarity } from './similarity';
export * from './types';
