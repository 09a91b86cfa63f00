// Sending reviewer messages from extension pages (review page, tooltip frame, popup). Reply types
// come from the protocol's contract (lib/messaging/protocol.ts), never restated here.
import { browser } from 'wxt/browser';
import {
  ask,
  type BackgroundContract,
  type BackgroundRequest,
  isErrorResponse,
  type Transport,
} from '../../lib/messaging/protocol';
import type { ExportFile } from '../../lib/messaging/review-protocol';

export type Send = Transport<BackgroundRequest>;

export const defaultSend: Send = (message) => browser.runtime.sendMessage(message);

/** Sends and unwraps: an { error } reply becomes a thrown Error with that message. */
export async function request<M extends BackgroundRequest>(
  send: Send,
  message: M,
): Promise<BackgroundContract[M['type']]['reply']> {
  const reply = await ask(send, message);
  if (isErrorResponse(reply)) throw new Error(reply.error);
  return reply;
}

type ExportRequest = Extract<BackgroundRequest, { type: 'review-export' }>;

/**
 * Asks for an export in parts and fetches them one message at a time, so a 10 MB file never
 * arrives as one long task. Returns the file's metadata and its text parts (for a Blob).
 */
export async function fetchExport(
  send: Send,
  message: Omit<ExportRequest, 'type' | 'chunked'>,
): Promise<Omit<ExportFile, 'text'> & { parts: string[] }> {
  const reply = await request(send, { ...message, type: 'review-export', chunked: true });
  if ('text' in reply) {
    const { text, ...meta } = reply;
    return { ...meta, parts: [text] };
  }
  const { exportId, parts: n, size: _size, ...meta } = reply;
  const parts: string[] = [];
  for (let index = 0; index < n; index++)
    parts.push((await request(send, { type: 'review-export-part', exportId, index })).text);
  return { ...meta, parts };
}
