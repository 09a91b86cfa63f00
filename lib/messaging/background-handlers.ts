// The background's answers, free of browser.* so unit tests drive them with a fake database.
import * as v from 'valibot';
import { ensureKb, type SuppLensDB } from '../db/database';
import { rankNotes, type RankedNote } from '../kb/rank';
import type { Concept, KbBundle } from '../kb/types';
import { publicSiteSettings, type Settings } from '../settings';
import { BackgroundRequestSchema, describeIssues, type Dose, type ErrorResponse } from './protocol';
import { createReviewHandler } from './review-handlers';

export interface SenderInfo {
  /** Tab the message came from (content script or our iframe inside a page). */
  tabId?: number;
  /** True for our own extension pages and frames; false for content scripts. */
  fromExtensionPage: boolean;
  /** URL of the sending frame (runtime.MessageSender.url); review messages from content scripts need it. */
  url?: string;
}

export interface TooltipState {
  conceptId: string;
  mentionText: string;
  pageConcepts: string[];
  doses: Dose[];
}

export interface TooltipView {
  concept: Concept;
  mentionText: string;
  notes: RankedNote[];
  /** Names of concepts used in the notes, for display. */
  names: Record<string, string>;
  doses: Dose[];
  kbVersion: string;
  reviewerMode: boolean;
}

export interface LookupResult {
  concepts: Concept[];
  notes: Record<string, RankedNote[]>;
  names: Record<string, string>;
  flags: string[];
  kbVersion: string;
}

export interface BackgroundDeps {
  db: SuppLensDB;
  bundle: () => KbBundle | Promise<KbBundle>;
  getSettings: () => Promise<Settings>;
  tooltips: Map<number, TooltipState>;
  sendToTab: (tabId: number, message: unknown) => Promise<unknown>;
  openPopupDetails?: (tabId: number | undefined) => Promise<void>;
}

export function createBackgroundHandler(deps: BackgroundDeps) {
  let ready: Promise<unknown> | undefined;
  const ensureReady = () => {
    // Lazily, before the first lookup: an MV3 worker may have been restarted since onInstalled.
    ready ??= Promise.resolve(deps.bundle()).then((b) => ensureKb(deps.db, b));
    return ready.catch((e) => {
      ready = undefined;
      throw e;
    });
  };

  async function namesFor(ids: Iterable<string>): Promise<Record<string, string>> {
    const rows = await deps.db.concepts.bulkGet([...new Set(ids)]);
    const names: Record<string, string> = {};
    for (const r of rows) if (r) names[r.id] = r.name;
    return names;
  }

  async function lookup(conceptIds: string[], pageConcepts: string[], flags: string[]): Promise<LookupResult> {
    await ensureReady();
    const ids = [...new Set(conceptIds)];
    const concepts = (await deps.db.concepts.bulkGet(ids)).filter((c): c is Concept => !!c);
    const ctx = { flags: new Set(flags), pageConcepts: new Set(pageConcepts) };
    const notes: Record<string, RankedNote[]> = {};
    const related = new Set<string>(ids);
    for (const c of concepts) {
      const rows =
        c.kind === 'supplement'
          ? await deps.db.notes.where('supplement').equals(c.id).toArray()
          : await deps.db.notes.where('target').equals(c.id).toArray();
      notes[c.id] = rankNotes(rows, ctx);
      for (const n of rows) {
        related.add(n.target);
        related.add(n.supplement);
      }
    }
    const meta = await deps.db.meta.get('kbVersion');
    return { concepts, notes, names: await namesFor(related), flags, kbVersion: String(meta?.value ?? '') };
  }

  const handleReview = createReviewHandler({
    db: deps.db,
    conceptNames: async (ids) => {
      await ensureReady();
      return namesFor(ids);
    },
  });

  return async function handle(message: unknown, sender: SenderInfo): Promise<unknown> {
    const parsed = v.safeParse(BackgroundRequestSchema, message);
    if (!parsed.success) return { error: `invalid message: ${describeIssues(parsed.issues)}` } satisfies ErrorResponse;
    const msg = parsed.output;
    switch (msg.type) {
      case 'site-settings':
        return publicSiteSettings(await deps.getSettings(), msg.hostname);
      case 'kb-lookup': {
        // Flags go only to our own pages; a content script gets the page-only ranking.
        const flags = sender.fromExtensionPage ? (await deps.getSettings()).flags : [];
        return lookup(msg.conceptIds, msg.pageConcepts, flags);
      }
      case 'tooltip-open': {
        if (sender.tabId === undefined) return { error: 'tooltip-open needs a tab' };
        deps.tooltips.set(sender.tabId, {
          conceptId: msg.conceptId,
          mentionText: msg.mentionText,
          pageConcepts: msg.pageConcepts,
          doses: msg.doses,
        });
        return { ok: true };
      }
      case 'tooltip-get': {
        if (!sender.fromExtensionPage) return { error: 'tooltip-get is only for the SuppLens tooltip frame' };
        if (sender.tabId === undefined) return { error: 'tooltip-get needs a tab' };
        const state = deps.tooltips.get(sender.tabId);
        if (!state) return { error: 'no tooltip is open in this tab' };
        const settings = await deps.getSettings();
        const result = await lookup([state.conceptId], state.pageConcepts, settings.flags);
        const concept = result.concepts[0];
        if (!concept) return { error: `unknown concept ${state.conceptId}` };
        return {
          concept,
          mentionText: state.mentionText,
          notes: result.notes[concept.id] ?? [],
          names: result.names,
          doses: state.doses,
          kbVersion: result.kbVersion,
          reviewerMode: settings.reviewerMode,
        } satisfies TooltipView;
      }
      case 'tooltip-close': {
        if (sender.tabId === undefined) return { ok: true };
        deps.tooltips.delete(sender.tabId);
        if (sender.fromExtensionPage)
          await deps.sendToTab(sender.tabId, { type: 'tooltip-close', returnFocus: msg.returnFocus ?? true });
        return { ok: true };
      }
      case 'open-popup-details':
        await deps.openPopupDetails?.(sender.tabId);
        return { ok: true };
      case 'review-save':
      case 'review-get':
      case 'review-list':
      case 'review-delete':
      case 'review-restore':
      case 'review-export':
      case 'review-export-part':
      case 'review-import':
      case 'reviews-for-page':
      case 'review-anchor-status':
        return handleReview(msg, sender);
    }
  };
}
