// Where the leads' reference material lives: ../shared beside the repo, or SUPPLENS_SHARED.
import { resolve } from 'node:path';

export function sharedDir(repoRoot: string): string {
  return process.env.SUPPLENS_SHARED ? resolve(process.env.SUPPLENS_SHARED) : resolve(repoRoot, '../shared');
}
