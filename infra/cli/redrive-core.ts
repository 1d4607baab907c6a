/**
 * Replaying failed events: read what the failed-events queue (or, locally, the failed-events
 * folder) holds, send each original event again to the function it failed in, and delete what
 * went through. The processors are idempotent on the same S3 object, so replaying an event that
 * did get processed meanwhile is harmless. Sources and invokers are passed in (redrive.ts builds
 * the SQS/Lambda and the local ones), so this part is tested with real record shapes.
 */

/** One failed event, as the queue or folder holds it. */
export interface FailureMessage {
  /** What to delete it by (an SQS receipt handle, a file path). */
  handle: string;
  id: string;
  body: string;
  /** SQS message attributes (EventBridge's dead-letter messages carry the target in them). */
  attributes: Record<string, string>;
}

/** A failed event made sense of: which function, and the event it was given. */
export interface FailedEvent {
  functionName: string;
  payload: unknown;
  /** Why it ended up here: Lambda's condition (RetriesExhausted, EventAgeExceeded) or EventBridge's error code. */
  condition: string;
  error?: string;
  failedAt?: string;
}

export interface FailureSource {
  messages(): AsyncIterable<FailureMessage>;
  remove(message: FailureMessage): Promise<void>;
  /** Let go of what was read but not removed (a dry run, a failed replay). */
  release?(): Promise<void>;
}

/** Invoke a function with an event and wait; throws when the function fails. */
export type Invoker = (functionName: string, payload: unknown) => Promise<void>;

/** The function name in a Lambda ARN (`arn:aws(-cn):lambda:region:account:function:name[:qualifier]`). */
export function functionNameOf(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts[2] === 'lambda' && parts[5] === 'function' ? parts[6] : undefined;
}

/**
 * Understand one message: a Lambda on-failure destination record (JSON with requestContext,
 * requestPayload, responsePayload), or an EventBridge target dead-letter message (the event
 * itself, the target in the TARGET_ARN attribute). Anything else is null: left in the queue.
 */
export function parseFailure(message: Pick<FailureMessage, 'body' | 'attributes'>): FailedEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const record = body as {
    timestamp?: string;
    requestContext?: { functionArn?: string; condition?: string };
    requestPayload?: unknown;
    responsePayload?: { errorType?: string; errorMessage?: string } | null;
  };
  const arn = record.requestContext?.functionArn;
  if (arn && 'requestPayload' in record) {
    const functionName = functionNameOf(arn);
    if (!functionName) return null;
    const error = record.responsePayload?.errorMessage ?? record.responsePayload?.errorType;
    return {
      functionName,
      payload: record.requestPayload,
      condition: record.requestContext?.condition ?? 'unknown',
      ...(error ? { error } : {}),
      ...(record.timestamp ? { failedAt: record.timestamp } : {}),
    };
  }
  const target = message.attributes.TARGET_ARN;
  const functionName = target ? functionNameOf(target) : undefined;
  if (functionName) {
    const error = message.attributes.ERROR_MESSAGE ?? message.attributes.ERROR_CODE;
    return {
      functionName,
      payload: body,
      condition: message.attributes.EXHAUSTED_RETRY_CONDITION ?? message.attributes.ERROR_CODE ?? 'unknown',
      ...(error ? { error } : {}),
    };
  }
  return null;
}

export interface RedriveReport {
  replayed: { id: string; functionName: string }[];
  failed: { id: string; functionName: string; error: string }[];
  /** Messages not understood (left where they are), and those of other functions with --function. */
  skipped: { id: string; reason: string }[];
  /** Dry run: what would be replayed. */
  wouldReplay: { id: string; functionName: string; condition: string; error?: string }[];
}

/** Replay every failed event the source holds (or, with dryRun, only list them). */
export async function redrive(
  source: FailureSource,
  invoke: Invoker,
  options: { dryRun?: boolean; functionName?: string } = {},
): Promise<RedriveReport> {
  const report: RedriveReport = { replayed: [], failed: [], skipped: [], wouldReplay: [] };
  try {
    for await (const message of source.messages()) {
      const failed = parseFailure(message);
      if (!failed) {
        report.skipped.push({ id: message.id, reason: 'not a Lambda or EventBridge failure record' });
        continue;
      }
      const { functionName } = failed;
      if (options.functionName && !functionName.includes(options.functionName)) {
        report.skipped.push({ id: message.id, reason: `for ${functionName}` });
        continue;
      }
      if (options.dryRun) {
        report.wouldReplay.push({
          id: message.id,
          functionName,
          condition: failed.condition,
          ...(failed.error ? { error: failed.error } : {}),
        });
        continue;
      }
      try {
        await invoke(functionName, failed.payload);
      } catch (e) {
        report.failed.push({
          id: message.id,
          functionName,
          error: e instanceof Error ? e.message : String(e),
        });
        continue;
      }
      await source.remove(message);
      report.replayed.push({ id: message.id, functionName });
    }
  } finally {
    await source.release?.();
  }
  return report;
}
