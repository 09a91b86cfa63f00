import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    environment: 'node',
    // Tests assert behaviour, not speed: a busy machine (CI beside other work) may run a UI test that
    // loads the whole knowledge base many times slower, and that must not fail it.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
