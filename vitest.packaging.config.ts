import { defineConfig } from 'vitest/config';

// The built app's own processes, run end to end once the browser tests have built it: the YunoHost package's
// scripts, and the server on several cores.
export default defineConfig({
  test: {
    include: ['tests/packaging/**/*.packaging.ts'],
    environment: 'node',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
