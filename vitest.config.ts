import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    environment: 'node',
    // A guard against hangs, not a speed check: a busy machine (npm test beside other work) may
    // take several times longer than an idle one, and no test asserts a time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
