/** Starts the real local stack once for the integration and e2e tests and hands its addresses to them. */
import type { TestProject } from 'vitest/node';
import { type Stack, startLocalStack } from './local-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: Stack;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { stack, stop } = await startLocalStack();
  project.provide('stack', stack);
  return stop;
}
