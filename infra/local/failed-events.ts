/**
 * Lambda's asynchronous invocation, locally: a function run by an S3 event (or the schedule) is
 * tried again as functions/async-retries.ts says, and an event that still fails is written to
 * DATA_DIR/failed-events/ as the record Lambda sends to the stack's failed-events queue. The
 * same `npm run redrive` replays either (infra/cli/redrive.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncRetries } from '../../functions/async-retries.ts';
import type { FailureMessage, FailureSource, Invoker } from '../cli/redrive-core.ts';

/** The ARN the local runtime gives a function: its id is its name. */
export const localFunctionArn = (functionId: string) =>
  `arn:aws:lambda:local:000000000000:function:${functionId}:$LATEST`;

/** Run `attempt` as Lambda runs an asynchronous invocation; false when the event went to `dir`. */
export async function invokeAsync(
  functionId: string,
  event: unknown,
  attempt: () => Promise<unknown>,
  dir: string,
): Promise<boolean> {
  const { retryAttempts } = asyncRetries(functionId);
  let last: unknown;
  for (let i = 0; i <= retryAttempts; i++) {
    try {
      await attempt();
      return true;
    } catch (e) {
      last = e;
      // Lambda waits a minute, then two; locally a moment is enough to let a hiccup pass
      if (i < retryAttempts) await new Promise((r) => setTimeout(r, 200 * (i + 1)));
    }
  }
  const error = last instanceof Error ? last : new Error(String(last));
  const record = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: randomUUID(),
      functionArn: localFunctionArn(functionId),
      condition: 'RetriesExhausted',
      approximateInvokeCount: retryAttempts + 1,
    },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: error.name, errorMessage: error.message },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${record.timestamp.replace(/[:.]/g, '-')}-${record.requestContext.requestId}.json`),
    JSON.stringify(record),
  );
  return false;
}

/** The failed-events folder as a redrive source: one record per file, oldest first. */
export function localFailureSource(dir: string): FailureSource {
  return {
    async *messages(): AsyncGenerator<FailureMessage> {
      let files: string[] = [];
      try {
        files = readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort();
      } catch {}
      for (const file of files) {
        const path = join(dir, file);
        yield {
          handle: path,
          id: file.replace(/\.json$/, ''),
          body: readFileSync(path, 'utf8'),
          attributes: {},
        };
      }
    },
    async remove(message) {
      rmSync(message.handle, { force: true });
    },
  };
}

/** The running local runtime's invoke endpoint (infra/local/server.ts). */
export function localInvoker(baseUrl: string): Invoker {
  return async (functionName, payload) => {
    const r = await fetch(new URL(`/_local/invoke/${encodeURIComponent(functionName)}`, baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (!r.ok) {
      const body = (await r.json().catch(() => ({}))) as { errorMessage?: string };
      throw new Error(body.errorMessage ?? `HTTP ${r.status}`);
    }
  };
}
