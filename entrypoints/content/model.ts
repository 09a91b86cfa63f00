// What the content script knows of its page: the page model the parts share (settings, state,
// what was found) and the counters the 'page-summary' reply carries for tests and the bench.
import type { Dose, PageMention, PageState, PageSummary } from '../../lib/messaging/protocol';
import type { PublicSiteSettings } from '../../lib/settings';
import type { LiveStats } from './observer';
import type { Scheduler } from './scheduler';
import { newStats, type SliceStats } from './slicer';

export interface InPageStats extends SliceStats, LiveStats {
  /** Whole-page passes (page load, navigation, scan-now, settings change, showing highlights). */
  fullScans: number;
  /** Passes over added or changed page content only. */
  incrementalScans: number;
  /** Debounce windows that closed with changed content waiting (each allows one incremental pass). */
  dirtyWindows: number;
  /** Characters handed to the scanner, all passes together. */
  scannedChars: number;
  /** Longest wait for the background's analysis (not main-thread work), in milliseconds. */
  maxFinishMs: number;
  /** Highlightable mentions the scanner reported, all passes together. */
  mentionsFound: number;
  /** Of those, mentions whose every part was wrapped so far. */
  mentionsMarked: number;
  /** Mentions that could not be wrapped (the page changed their text first). */
  mentionsLost: number;
  /** Main-thread time of the last full pass until the page was annotated in view, in ms. */
  lastFullPassMs: number;
  /** Of all passes' time: handing text to the scanner (buffering, serialising chunks), in ms. */
  feedMs: number;
  /** Of all passes' time: wrapping mentions in marks, in ms. */
  markMs: number;
  /** Main-thread time spent marking in idle periods, after the page was annotated in view, in ms. */
  idleMs: number;
  /** Mentions marked in idle periods since the last full pass. */
  idleMarked: number;
  /**
   * Reviewer mode: characters of page text sent to the background to re-anchor saved reviews
   * (the same whether the page has reviews or not).
   */
  reviewTextChars: number;
}

/** The 'page-summary' reply: PageSummary plus what tests and the popup may use. */
export interface InPageSummary extends PageSummary {
  /** Highlights hidden with the toggle-highlights command (mentions are those before hiding). */
  hidden: boolean;
  stats: InPageStats;
}

export function newInPageStats(): InPageStats {
  return {
    ...newStats(),
    mutationBatches: 0,
    ownRecords: 0,
    navigations: 0,
    fullScans: 0,
    incrementalScans: 0,
    dirtyWindows: 0,
    scannedChars: 0,
    maxFinishMs: 0,
    mentionsFound: 0,
    mentionsMarked: 0,
    mentionsLost: 0,
    lastFullPassMs: 0,
    feedMs: 0,
    markMs: 0,
    idleMs: 0,
    idleMarked: 0,
    reviewTextChars: 0,
  };
}

const DEFAULT_PUBLIC: PublicSiteSettings = {
  mode: 'health',
  highlightStyle: 'underline',
  reviewerMode: false,
};

/** The page as the parts of the content script see it (one object, owned by the facade). */
export interface PageModel {
  settings: PublicSiteSettings;
  state: PageState;
  health: boolean;
  doses: Dose[];
  /** The reader asked for a scan on this page (popup, or a keyboard request). */
  requested: boolean;
  /** Highlights hidden with the toggle-highlights command. */
  hidden: boolean;
  /** The mentions before hiding, for the summary while hidden. */
  hiddenMentions: PageMention[];
}

export function newPageModel(): PageModel {
  return {
    settings: DEFAULT_PUBLIC,
    state: 'scanning',
    health: false,
    doses: [],
    requested: false,
    hidden: false,
    hiddenMentions: [],
  };
}

/** What every part of the content script is handed: the page, the counters, the scheduler. */
export interface PartEnv {
  doc: Document;
  win: Window;
  stats: InPageStats;
  scheduler: Scheduler;
}
