import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

/**
 * One runner, four kinds of test. Integration and e2e tests share emulators that
 * test/support/global-setup.ts starts once (DynamoDB Local, the S3 emulator, the local API).
 * On two cores the groups run one after another (pure tests, then the CDK synth with its
 * bundling, then the stack), so none starves another.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // a guard against hangs, not a speed limit: building the bombs takes seconds on a loaded core
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'web',
          include: ['test/unit/**/*.test.tsx'],
          environment: 'happy-dom',
          testTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 900_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
