import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A throw-away PostgreSQL for the store tests when its binaries exist (TEST_DATABASE_URL otherwise).
    globalSetup: ['test/store/global-setup.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});
