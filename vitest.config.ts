import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Model loading and index building are CPU-bound: two workers fit a two-core machine.
    maxWorkers: 2,
  },
});
