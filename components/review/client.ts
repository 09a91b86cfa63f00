// Sending reviewer messages from extension pages (review page, tooltip frame, popup).
import { browser } from 'wxt/browser';
import type { Review } from '../../lib/db/review';
import type { ReviewFacets, ReviewPage } from '../../lib/db/reviews';
import { isErrorResponse } from '../../lib/messaging/protocol';

export type Send = (message: unknown) => Promise<unknown>;

export const defaultSend: Send = (message) => browser.runtime.sendMessage(message);

/** Sends and unwraps: an { error } reply becomes a thrown Error with that message. */
export async function request<T>(send: Send, message: unknown): Promise<T> {
  const reply = await send(message);
  if (isErrorResponse(reply)) throw new Error(reply.error);
  if (reply === undefined)
    throw new Error('SuppLens did not answer (the background may be restarting); try again.');
  return reply as T;
}

export type ListReply = ReviewPage & { facets?: ReviewFacets };
export type SaveReply = { review: Review };
export type GetReply = { review: Review | null };
export type ExportReply = { text: string; mime: string; extension: string; filename: string; count: number };
type ChunkedExportReply = Omit<ExportReply, 'text'> &
  ({ text: string } | { exportId: string; parts: number });

/**
 * Asks for an export in parts and fetches them one message at a time, so a 10 MB file never
 * arrives as one long task. Returns the file's metadata and its text parts (for a Blob).
 */
export async function fetchExport(
  send: Send,
  message: Record<string, unknown>,
): Promise<Omit<ExportReply, 'text'> & { parts: string[] }> {
  const reply = await request<ChunkedExportReply>(send, { ...message, type: 'review-export', chunked: true });
  if ('text' in reply) {
    const { text, ...meta } = reply;
    return { ...meta, parts: [text] };
  }
  const { exportId, parts: n, ...meta } = reply;
  const parts: string[] = [];
  for (let index = 0; index < n; index++)
    parts.push((await request<{ text: string }>(send, { type: 'review-export-part', exportId, index })).text);
  return { ...meta, parts };
}
export type ImportReply = { summary: string; imported: number; duplicates: number; rejected: number };
