/**
 * Run a handler as Lambda runs it, for the local runtime: with a Lambda context and inside an
 * invocation scope of its own. The local API serves many requests at once in one process, as a
 * Lambda Managed Instance does; Powertools then keeps each invocation's log keys and metrics in
 * the Lambda InvokeStore (AWS_LAMBDA_MAX_CONCURRENCY), so no line carries another request's
 * correlation id, route or caller.
 */
import { randomUUID } from 'node:crypto';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';
import type { Context } from 'aws-lambda';

process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '64';
const store = InvokeStore.getInstanceAsync(true);

/** A Lambda context for one invocation of the function `name`. */
export function lambdaContext(name: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    functionName: name,
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  } as Context;
}

/** Call `handler(event, context)` in an invocation scope of its own. */
export async function invoke<R>(
  handler: (event: never, context: Context) => Promise<R>,
  event: unknown,
  context: Context,
): Promise<R> {
  const scope = await store;
  return scope.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: context.awsRequestId }, () =>
    handler(event as never, context),
  );
}
