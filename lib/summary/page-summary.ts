// Checks what a content script answered to 'page-summary' before the popup trusts it.
import type { Dose, PageMention, PageState, PageSummary } from '../messaging/protocol';

const STATES: ReadonlySet<PageState> = new Set([
  'annotated',
  'not-health',
  'paused',
  'on-request',
  'scanning',
]);
const MAX_MENTIONS = 20_000;

function isMention(m: unknown): m is PageMention {
  if (!m || typeof m !== 'object') return false;
  const x = m as Record<string, unknown>;
  return (
    typeof x.index === 'number' &&
    Number.isInteger(x.index) &&
    x.index >= 0 &&
    typeof x.id === 'string' &&
    typeof x.kind === 'string' &&
    typeof x.name === 'string' &&
    typeof x.text === 'string'
  );
}

function isDose(d: unknown): d is Dose {
  if (!d || typeof d !== 'object') return false;
  const x = d as Record<string, unknown>;
  return (
    typeof x.conceptId === 'string' &&
    typeof x.text === 'string' &&
    typeof x.amount === 'number' &&
    typeof x.unit === 'string' &&
    typeof x.aboveLimit === 'boolean'
  );
}

/** The summary with malformed mentions and doses dropped, or undefined when it is not one. */
export function asPageSummary(x: unknown): PageSummary | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const r = x as Record<string, unknown>;
  if (typeof r.state !== 'string' || !STATES.has(r.state as PageState)) return undefined;
  if (!Array.isArray(r.mentions)) return undefined;
  return {
    url: typeof r.url === 'string' ? r.url : '',
    title: typeof r.title === 'string' ? r.title : '',
    state: r.state as PageState,
    health: r.health === true,
    mentions: r.mentions.slice(0, MAX_MENTIONS).filter(isMention),
    doses: Array.isArray(r.doses) ? r.doses.filter(isDose) : [],
  };
}
