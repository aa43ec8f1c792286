import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    environment: 'node',
    // Vitest's default is one worker fewer than the cores: a single file at a time on the two-core machines
    // this runs on, while many files mostly wait on child processes (imports killed and resumed, servers).
    maxWorkers: 2,
    // Generous: two files share the cores, and a timeout tells less than the assertion it cut short.
    testTimeout: 60_000,
  },
});
