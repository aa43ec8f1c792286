import { defineConfig } from 'vitest/config';

// The YunoHost package's scripts, run end to end once the browser tests have built the app.
export default defineConfig({
  test: {
    include: ['tests/packaging/**/*.packaging.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
