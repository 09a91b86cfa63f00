// Every message between our contexts, validated on receipt. Page script cannot reach
// runtime messaging (no externally_connectable), but a compromised or confused sender still
// gets a clear error rather than undefined behaviour.
import * as v from 'valibot';
import type { CompactAnalysis } from '../annotate/compact';
import type { Detection } from '../export/items';
import type { RankedNote } from '../kb/rank';
import type { Concept } from '../kb/types';
import type { Dose } from '../matching/types';
import type { PublicSiteSettings } from '../settings';
import {
  REVIEW_REQUEST_SCHEMAS,
  type ReviewAnchor,
  ReviewAnchorSchema,
  type ReviewReplies,
} from './review-protocol';

const ConceptId = v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), v.maxLength(80));
const ConceptIds = v.pipe(v.array(ConceptId), v.maxLength(2000));

/** The matching's Dose (lib/matching/types.ts) on the wire, with limits. */
export const DoseSchema = v.object({
  conceptId: ConceptId,
  text: v.pipe(v.string(), v.maxLength(200)),
  amount: v.number(),
  unit: v.pipe(v.string(), v.maxLength(40)),
  normalizedAmount: v.optional(v.number()),
  limit: v.optional(v.number()),
  limitUnit: v.optional(v.string()),
  /** Set when the limit covers supplements only (the amount was then read as a supplement's). */
  limitAppliesTo: v.optional(v.literal('supplements-only')),
  aboveLimit: v.boolean(),
}) satisfies v.GenericSchema<Dose>;
export type { Dose };

/** Limits of one scan chunk: the content script cuts its chunks well below them. */
export const SCAN_CHUNK_MAX_BLOCKS = 20_000;
export const SCAN_CHUNK_MAX_CHARS = 1 << 20;
/**
 * A secret the content script puts in its tooltip frame's URL: the background shows a tooltip's
 * notes only to the frame that carries it, not to a copy of tooltip.html a page frames itself.
 */
export const TooltipToken = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/));
const ScanId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{6,40}$/));
const Offset = v.pipe(v.number(), v.integer(), v.minValue(0));

/** How much of a page's description a scan accepts (the content script cuts to these). */
export const PAGE_META_LIMITS = { title: 2000, types: 100, type: 200, metaText: 20_000, url: 8000 } as const;

export const PageMetaSchema = v.object({
  title: v.optional(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.title))),
  schemaTypes: v.optional(
    v.pipe(
      v.array(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.type))),
      v.maxLength(PAGE_META_LIMITS.types),
    ),
  ),
  metaText: v.optional(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.metaText))),
  url: v.optional(v.pipe(v.string(), v.maxLength(PAGE_META_LIMITS.url))),
});

export const BackgroundRequestSchema = v.variant('type', [
  v.object({ type: v.literal('site-settings'), hostname: v.pipe(v.string(), v.maxLength(300)) }),
  v.object({
    type: v.literal('kb-lookup'),
    conceptIds: ConceptIds,
    pageConcepts: ConceptIds,
  }),
  v.object({
    type: v.literal('tooltip-open'),
    conceptId: ConceptId,
    mentionText: v.pipe(v.string(), v.maxLength(200)),
    pageConcepts: ConceptIds,
    doses: v.pipe(v.array(DoseSchema), v.maxLength(50)),
    /** The mention's text anchor (page text only); sent only when reviewer mode is on. */
    anchor: v.optional(ReviewAnchorSchema),
    token: TooltipToken,
  }),
  v.object({ type: v.literal('tooltip-get'), token: TooltipToken }),
  v.object({ type: v.literal('tooltip-close'), returnFocus: v.optional(v.boolean()) }),
  v.object({ type: v.literal('open-popup-details') }),
  // Scanning off the page's main thread (lib/annotate/scan-sessions.ts): text blocks in chunks,
  // then the analysis.
  v.object({
    type: v.literal('scan-feed'),
    scan: ScanId,
    seq: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
    offsets: v.pipe(v.array(Offset), v.maxLength(SCAN_CHUNK_MAX_BLOCKS)),
    texts: v.pipe(
      v.array(v.string()),
      v.maxLength(SCAN_CHUNK_MAX_BLOCKS),
      v.check((t) => t.reduce((n, x) => n + x.length, 0) <= SCAN_CHUNK_MAX_CHARS, 'chunk too large'),
    ),
  }),
  v.object({ type: v.literal('scan-finish'), scan: ScanId, meta: PageMetaSchema }),
  v.object({ type: v.literal('scan-cancel'), scan: ScanId }),
  // Reviewer workflow (lib/messaging/review-protocol.ts, answered by review-handlers.ts).
  ...REVIEW_REQUEST_SCHEMAS,
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequestSchema>;

export const ContentRequestSchema = v.variant('type', [
  v.object({ type: v.literal('page-summary') }),
  v.object({ type: v.literal('focus-mention'), index: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
  v.object({ type: v.literal('scan-now') }),
  v.object({ type: v.literal('tooltip-close'), returnFocus: v.optional(v.boolean()) }),
  v.object({ type: v.literal('settings-changed') }),
  /** Every highlighted mention as page-text selectors (lib/export/items.ts Detection), for exports. */
  v.object({ type: v.literal('page-detections') }),
  v.object({
    type: v.literal('command'),
    name: v.picklist(['next-mention', 'previous-mention', 'toggle-highlights']),
  }),
]);
export type ContentRequest = v.InferOutput<typeof ContentRequestSchema>;

export interface ErrorResponse {
  error: string;
}

export function isErrorResponse(x: unknown): x is ErrorResponse {
  return !!x && typeof x === 'object' && typeof (x as ErrorResponse).error === 'string';
}

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => `${(i.path ?? []).map((p) => String(p.key)).join('.') || 'message'}: ${i.message}`)
    .join('; ');
}

/** What the content script reports about the page it annotated. Contains no personal data. */
export interface PageMention {
  index: number;
  id: string;
  kind: string;
  name: string;
  text: string;
}

export type PageState = 'annotated' | 'not-health' | 'paused' | 'on-request' | 'scanning';

export interface PageSummary {
  url: string;
  title: string;
  state: PageState;
  health: boolean;
  mentions: PageMention[];
  doses: Dose[];
  /** Highlights hidden by the reader's shortcut; `mentions` lists what was there before. */
  hidden?: boolean;
  /** Scan counters, readable only through this reply (never through the page DOM). */
  stats?: { readonly [counter: string]: number } | object;
}

// ------------------------------------------------------------------------------------------------
// Replies: one map per receiver, keyed by message type. The handler tables are typed by these maps
// and so are the senders (sendBackground, sendContent), so a changed reply is a type error on both
// sides. Any message may also be answered with an ErrorResponse.

export interface Ok {
  ok: true;
}

/** The tooltip frame's view of one mention ('tooltip-get'). */
export interface TooltipView {
  concept: Concept;
  mentionText: string;
  notes: RankedNote[];
  /** Names of concepts used in the notes, for display. */
  names: Record<string, string>;
  doses: Dose[];
  kbVersion: string;
  reviewerMode: boolean;
  /** Present only in reviewer mode: what the VerdictForm saves the review against. */
  anchor?: ReviewAnchor;
  /**
   * What a saved review records as the notes shown: ranked without the reviewer's flags (see
   * reviewNoteIds). Empty outside reviewer mode.
   */
  reviewNoteIds: string[];
}

/** Concepts and their ranked notes ('kb-lookup'); flags only for extension pages. */
export interface LookupResult {
  concepts: Concept[];
  notes: Record<string, RankedNote[]>;
  names: Record<string, string>;
  flags: string[];
  kbVersion: string;
}

export interface BackgroundReplies extends ReviewReplies {
  'site-settings': PublicSiteSettings;
  'kb-lookup': LookupResult;
  'tooltip-open': Ok;
  'tooltip-get': TooltipView;
  'tooltip-close': Ok;
  'open-popup-details': Ok;
  'scan-feed': Ok;
  'scan-finish': CompactAnalysis;
  'scan-cancel': Ok;
}

export interface ContentReplies {
  'page-summary': PageSummary;
  'focus-mention': Ok;
  /** The summary once the requested pass is done. */
  'scan-now': PageSummary;
  'tooltip-close': Ok;
  'settings-changed': Ok;
  'page-detections': Detection[];
  command: Ok;
}

export type BackgroundType = BackgroundRequest['type'];
export type ContentType = ContentRequest['type'];

/** Request and reply of every message: `BackgroundContract['kb-lookup']['reply']`. */
export type BackgroundContract = {
  [K in BackgroundType]: { request: Extract<BackgroundRequest, { type: K }>; reply: BackgroundReplies[K] };
};
export type ContentContract = {
  [K in ContentType]: { request: Extract<ContentRequest, { type: K }>; reply: ContentReplies[K] };
};

export type BackgroundReply<K extends BackgroundType = BackgroundType> =
  | BackgroundContract[K]['reply']
  | ErrorResponse;
export type ContentReply<K extends ContentType = ContentType> = ContentContract[K]['reply'] | ErrorResponse;

/** A raw transport (runtime.sendMessage, tabs.sendMessage to one tab, or a test's fake). */
export type Transport<Request> = (message: Request) => Promise<unknown>;

/**
 * The handler side: one function per message type, each returning that message's reply. (Handlers
 * may also answer with an ErrorResponse.)
 */
export type BackgroundHandlers<S> = {
  [K in BackgroundType]: (
    message: BackgroundContract[K]['request'],
    sender: S,
  ) => Promise<BackgroundReply<K>> | BackgroundReply<K>;
};
export type ContentHandlers = {
  [K in ContentType]: (message: ContentContract[K]['request']) => Promise<ContentReply<K>> | ContentReply<K>;
};

/** The answer when the other side sent nothing back (a restarting worker, a tab with no script). */
export const NO_ANSWER: ErrorResponse = {
  error: 'SuppLens did not answer (the background may be restarting); try again.',
};

/**
 * Sends one message to the background; the reply's type follows the message's type. This is the
 * one place a reply is taken on trust (the structured clone carries no types); a missing answer
 * becomes NO_ANSWER.
 */
export async function ask<M extends BackgroundRequest>(
  send: Transport<BackgroundRequest>,
  message: M,
): Promise<BackgroundReply<M['type']>> {
  return ((await send(message)) ?? NO_ANSWER) as BackgroundReply<M['type']>;
}

/**
 * Sends one message to a content script (see ask). Undefined when the tab has no script to answer
 * (a page loaded before the extension, a browser page): callers say so in their own words.
 */
export async function askContent<M extends ContentRequest>(
  send: Transport<ContentRequest>,
  message: M,
): Promise<ContentReply<M['type']> | undefined> {
  return (await send(message)) as ContentReply<M['type']> | undefined;
}
