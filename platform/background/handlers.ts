// The background's answers, free of browser.* so unit tests drive them with a fake database.
import * as v from 'valibot';
import { canonicalPageUrl, reviewPageUrl } from '../../lib/anchoring/page-url';
import type { ScanSessions } from '../../lib/annotate/scan-sessions';
import { reviewNoteIds } from '../../lib/kb/rank';
import type { KbBundle } from '../../lib/kb/types';
import {
  type BackgroundHandlers,
  type BackgroundReply,
  BackgroundRequestSchema,
  type ContentRequest,
  type Dose,
  describeIssues,
  type ErrorResponse,
  type TooltipView,
} from '../../lib/messaging/protocol';
import type { ReviewAnchor } from '../../lib/messaging/review-protocol';
import { publicSiteSettings, type Settings } from '../../lib/settings';
import type { SuppLensDB } from '../db/database';
import { storageFaultMessage, whenOpen } from '../db/faults';
import { createKbStore } from '../db/kb-store';
import { createReviewHandlers } from './review-handlers';

export interface SenderInfo {
  /** Tab the message came from (content script or our iframe inside a page). */
  tabId?: number;
  /** True for our own extension pages and frames; false for content scripts. */
  fromExtensionPage: boolean;
  /** URL of the sending frame (runtime.MessageSender.url); review messages from content scripts need it. */
  url?: string;
}

export interface TooltipState {
  /** Only the frame whose URL carries this may read the tooltip (see TooltipToken). */
  token: string;
  conceptId: string;
  mentionText: string;
  pageConcepts: string[];
  doses: Dose[];
  /** The mention's text anchor, when the content script runs in reviewer mode (page text only). */
  anchor?: ReviewAnchor;
}

export interface BackgroundDeps {
  db: SuppLensDB;
  bundle: () => KbBundle | Promise<KbBundle>;
  getSettings: () => Promise<Settings>;
  tooltips: Map<number, TooltipState>;
  /** Fire and forget: the content script's answer is not used. */
  sendToTab: (tabId: number, message: ContentRequest) => Promise<unknown>;
  openPopupDetails?: (tabId: number | undefined) => Promise<void>;
  /** Page scans run here, off the page's main thread. */
  scans?: ScanSessions;
}

/** Scan sessions belong to the tab that opened them. */
export const scanKeyPrefix = (tabId: number) => `${tabId}:`;

/**
 * What the tooltip frame may ask. It is our page, but it lives inside hostile pages: it gets only
 * what it needs, and its review reads and writes only for the mention it was opened for.
 */
const TOOLTIP_FRAME_ALLOWED = new Set([
  'tooltip-get',
  'tooltip-close',
  'open-popup-details',
  'review-get',
  'review-save',
]);

/** True for a message from the tooltip frame (tooltip.html), as opposed to our other pages. */
function fromTooltipFrame(sender: SenderInfo): boolean {
  if (!sender.fromExtensionPage || !sender.url) return false;
  try {
    return new URL(sender.url).pathname === '/tooltip.html';
  } catch {
    return false;
  }
}

/** Messages answered without the database (a blocked database must not stop scanning). */
const NO_DATABASE = new Set(['site-settings', 'tooltip-close', 'scan-feed', 'scan-finish', 'scan-cancel']);

export function createBackgroundHandler(deps: BackgroundDeps) {
  const kb = createKbStore(deps.db, deps.bundle);

  const review = createReviewHandlers({
    db: deps.db,
    keepQuerySites: async () => (await deps.getSettings()).reviewQuerySites,
    conceptNames: async (ids) => {
      await kb.ready();
      return kb.namesFor(ids);
    },
  });

  const scan = (
    sender: SenderInfo,
    msg: { type: string; scan: string },
  ): ErrorResponse | { scans: ScanSessions; key: string } => {
    if (!deps.scans) return { error: 'scanning is not available here' };
    if (sender.tabId === undefined) return { error: `${msg.type} needs a tab` };
    return { scans: deps.scans, key: `${scanKeyPrefix(sender.tabId)}${msg.scan}` };
  };

  const handlers: BackgroundHandlers<SenderInfo> = {
    ...review,
    'site-settings': async (msg) => publicSiteSettings(await deps.getSettings(), msg.hostname),
    'kb-lookup': async (msg, sender) => {
      // Flags go only to our own pages; a content script gets the page-only ranking.
      const flags = sender.fromExtensionPage ? (await deps.getSettings()).flags : [];
      return kb.lookup(msg.conceptIds, msg.pageConcepts, flags);
    },
    'tooltip-open': async (msg, sender) => {
      if (sender.tabId === undefined) return { error: 'tooltip-open needs a tab' };
      // An anchor counts only for the page the content script runs in, and a review id only if
      // that review is of this page (a content script is no more trusted than its renderer).
      // Stored without the query string unless the reviewer keeps it for the site.
      const keep = msg.anchor ? (await deps.getSettings()).reviewQuerySites : [];
      let anchor: ReviewAnchor | undefined =
        msg.anchor && sender.url && canonicalPageUrl(sender.url) === canonicalPageUrl(msg.anchor.pageUrl)
          ? { ...msg.anchor, pageUrl: reviewPageUrl(msg.anchor.pageUrl, keep) }
          : undefined;
      if (anchor?.reviewId !== undefined) {
        const saved = await deps.db.reviews.get(anchor.reviewId);
        if (saved?.pageUrl !== anchor.pageUrl) {
          const { reviewId: _dropped, ...rest } = anchor;
          anchor = rest;
        }
      }
      deps.tooltips.set(sender.tabId, {
        token: msg.token,
        conceptId: msg.conceptId,
        mentionText: msg.mentionText,
        pageConcepts: msg.pageConcepts,
        doses: msg.doses,
        ...(anchor ? { anchor } : {}),
      });
      return { ok: true };
    },
    'tooltip-get': async (msg, sender) => {
      if (!sender.fromExtensionPage) return { error: 'tooltip-get is only for the SuppLens tooltip frame' };
      if (sender.tabId === undefined) return { error: 'tooltip-get needs a tab' };
      const state = deps.tooltips.get(sender.tabId);
      if (!state) return { error: 'no tooltip is open in this tab' };
      if (state.token !== msg.token) return { error: 'this frame did not come from SuppLens in this tab' };
      const settings = await deps.getSettings();
      const result = await kb.lookup([state.conceptId], state.pageConcepts, settings.flags);
      const concept = result.concepts[0];
      if (!concept) return { error: `unknown concept ${state.conceptId}` };
      const reviewing = settings.reviewerMode && !!state.anchor;
      const pageOnly =
        reviewing && settings.flags.length > 0
          ? await kb.lookup([state.conceptId], state.pageConcepts, [])
          : result;
      return {
        concept,
        mentionText: state.mentionText,
        notes: result.notes[concept.id] ?? [],
        names: result.names,
        doses: state.doses,
        kbVersion: result.kbVersion,
        reviewerMode: settings.reviewerMode,
        ...(state.anchor && settings.reviewerMode ? { anchor: state.anchor } : {}),
        reviewNoteIds: reviewing ? reviewNoteIds(pageOnly.notes[concept.id] ?? []) : [],
      } satisfies TooltipView;
    },
    'tooltip-close': async (msg, sender) => {
      if (sender.tabId === undefined) return { ok: true };
      deps.tooltips.delete(sender.tabId);
      if (sender.fromExtensionPage)
        await deps.sendToTab(sender.tabId, { type: 'tooltip-close', returnFocus: msg.returnFocus ?? true });
      return { ok: true };
    },
    'scan-feed': (msg, sender) => {
      const s = scan(sender, msg);
      return 'error' in s ? s : s.scans.feed(s.key, msg.seq, msg.offsets, msg.texts);
    },
    'scan-finish': (msg, sender) => {
      const s = scan(sender, msg);
      return 'error' in s ? s : s.scans.finish(s.key, msg.meta);
    },
    'scan-cancel': (msg, sender) => {
      const s = scan(sender, msg);
      if ('error' in s) return s;
      s.scans.drop(s.key);
      return { ok: true };
    },
    'open-popup-details': async (_msg, sender) => {
      // Only our own frames ask for it (the tooltip's button); a content script may not open tabs.
      if (!sender.fromExtensionPage) return { error: 'open-popup-details is only for SuppLens pages' };
      await deps.openPopupDetails?.(sender.tabId);
      return { ok: true };
    },
  };

  /** Why the tooltip frame may not send this message, or undefined when it may. */
  function tooltipFrameRefusal(msg: v.InferOutput<typeof BackgroundRequestSchema>, sender: SenderInfo) {
    if (!TOOLTIP_FRAME_ALLOWED.has(msg.type)) return `${msg.type} is not for the tooltip frame`;
    if (msg.type !== 'review-get' && msg.type !== 'review-save') return undefined;
    const anchor = sender.tabId === undefined ? undefined : deps.tooltips.get(sender.tabId)?.anchor;
    if (!anchor) return `${msg.type}: no mention of this tab is open for review`;
    if (msg.type === 'review-get')
      return msg.id === anchor.reviewId ? undefined : 'review-get: not the review of the open mention';
    const { review } = msg;
    if (review.id !== undefined && review.id !== anchor.reviewId)
      return 'review-save: not the review of the open mention';
    if (canonicalPageUrl(review.pageUrl) !== anchor.pageUrl)
      return 'review-save: not the page of the open mention';
    return undefined;
  }

  return async function handle(message: unknown, sender: SenderInfo): Promise<BackgroundReply> {
    const parsed = v.safeParse(BackgroundRequestSchema, message);
    if (!parsed.success)
      return { error: `invalid message: ${describeIssues(parsed.issues)}` } satisfies ErrorResponse;
    // [hardening, issue 8] A full disk, a blocked or newer database: a clear message, not a stack.
    try {
      const msg = parsed.output;
      const frame = fromTooltipFrame(sender);
      if (frame) {
        const refused = tooltipFrameRefusal(msg, sender);
        if (refused) return { error: refused } satisfies ErrorResponse;
      }
      if (!NO_DATABASE.has(msg.type)) await whenOpen(deps.db);
      // One handler per type (the table's type ties each to its message); the union of messages
      // cannot pick its own member's handler without this cast.
      const handler = handlers[msg.type] as (
        m: typeof msg,
        s: SenderInfo,
      ) => Promise<BackgroundReply> | BackgroundReply;
      const reply = await handler(msg, sender);
      // A first save from the tooltip: the open mention now stands for that review (so the form
      // can update it).
      const saved = (reply as { review?: { id?: unknown } } | null)?.review?.id;
      const state = sender.tabId === undefined ? undefined : deps.tooltips.get(sender.tabId);
      if (frame && msg.type === 'review-save' && typeof saved === 'string' && state?.anchor)
        state.anchor = { ...state.anchor, reviewId: saved };
      return reply;
    } catch (e) {
      const clear = storageFaultMessage(e);
      if (clear) return { error: clear } satisfies ErrorResponse;
      throw e;
    }
  };
}
