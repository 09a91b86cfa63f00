// The knowledge-base bundle compiled by `npm run kb:build`.
import bundleJson from './generated/bundle.json';
import type { KbBundle } from './types';

export const kbBundle = bundleJson as unknown as KbBundle;
