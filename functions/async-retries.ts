/**
 * How each asynchronously invoked function (S3 notifications, the schedule) is retried before its
 * event goes to the failed-events queue, from which `npm run redrive` replays it. Read by the
 * stack (infra/constructs/failed-events.ts) and by the local runtime, which retries the same way.
 * Pure data, like routes.ts.
 */
export interface AsyncRetries {
  /** Lambda's own retries after a failed attempt (0–2). */
  retryAttempts: 0 | 1 | 2;
  /** How long Lambda keeps trying an event (queued behind throttling included): 1 minute to 6 hours. */
  maxEventAgeHours: number;
}

/** By function id (functions/routes.ts: uploadProcessors, exportJobRunners, scheduledJobs). */
export const ASYNC_RETRIES: Readonly<Record<string, AsyncRetries>> = {
  // A photo or scan fails on a throttled table or a network hiccup: two quick retries usually
  // clear it, and the phone shows "processing" meanwhile. Six hours: past that the unit has long
  // re-uploaded, and the operator should look instead (the queue's age alarm fires).
  processPhoto: { retryAttempts: 2, maxEventAgeHours: 6 },
  processScan: { retryAttempts: 2, maxEventAgeHours: 6 },
  // An export catches its own errors (the job is marked failed and can be requested again); it
  // fails as an invocation only on a timeout or a crash, which running 15 minutes again would
  // repeat. No retry: straight to the queue, for an operator to replay after a look.
  runExport: { retryAttempts: 0, maxEventAgeHours: 1 },
  // A verification only reads and marks its own job failed on an error; like an export, only a
  // timeout or a crash fails the invocation, which repeating would not cure. The auditor starts a
  // new one; the queue tells the operator.
  runVerification: { retryAttempts: 0, maxEventAgeHours: 1 },
  // The daily anchor is cheap and idempotent per day: retry twice, for as long as Lambda keeps an
  // event at most (6 h); the next day's run anchors anyway, the queue tells the operator it missed.
  anchorAudits: { retryAttempts: 2, maxEventAgeHours: 6 },
};

/** The retries for a function id; a function with none configured is a wiring mistake. */
export function asyncRetries(functionId: string): AsyncRetries {
  const found = ASYNC_RETRIES[functionId];
  if (!found) throw new Error(`no retry policy for ${functionId} in functions/async-retries.ts`);
  return found;
}
