// Turns checked concepts and notes into the versioned bundle the extension ships.
import { createHash } from 'node:crypto';
import type { Concept, KbBundle, Note } from '../../lib/kb/types';

export function compileBundle(concepts: Concept[], notes: Note[]): KbBundle {
  const body = JSON.stringify({ concepts, notes });
  const version = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { version, builtAt: new Date().toISOString().slice(0, 10), concepts, notes };
}
