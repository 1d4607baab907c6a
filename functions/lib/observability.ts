/**
 * What every function tells its operators, through Powertools for AWS Lambda: one JSON logger
 * (level, request id as correlation id, route, caller's role and account, cold start, duration;
 * secrets redacted by log-redaction.ts), business metrics in CloudWatch Embedded Metric Format,
 * and X-Ray traces of the handler and every AWS SDK call. `observed` is the middy middleware
 * every chain starts with: HTTP routes (http-core.ts), S3-triggered processors and jobs.
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { redact } from './log-redaction.ts';

const SERVICE = 'pingxuan';

/** Our fields, then whatever a call adds; every value through `redact`. */
class RedactingFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      cold_start: context?.coldStart,
      xray_trace_id: attributes.xRayTraceId,
    };
    return new LogItem({ attributes: redact({ ...base, ...additional }) as LogAttributes });
  }
}

/** The one logger. Locally the runtime prints the same lines (infra/local/log-view.ts). */
export const logger = new Logger({ serviceName: SERVICE, logFormatter: new RedactingFormatter() });

/** Business metrics, namespace Pingxuan (the dashboard in infra/constructs/monitoring.ts reads them). */
export const metrics = new Metrics({
  namespace: 'Pingxuan',
  serviceName: SERVICE,
  // A request that counts nothing is the usual case, not a warning.
  logger: {
    debug: (...a: unknown[]) => logger.debug(String(a[0])),
    info: (...a: unknown[]) => logger.info(String(a[0])),
    warn: (...a: unknown[]) =>
      String(a[0]).startsWith('No application metrics') ? undefined : logger.warn(String(a[0])),
    error: (...a: unknown[]) => logger.error(String(a[0])),
  },
});

/**
 * X-Ray: on in the cloud where Lambda offers it (the stack turns it off in China through
 * POWERTOOLS_TRACE_ENABLED), off outside Lambda. Responses are never attached to the trace:
 * they carry tokens and revealed ID numbers.
 */
export const tracer = new Tracer({ serviceName: SERVICE, captureHTTPsRequests: false });

/** An AWS SDK v3 client whose calls appear as subsegments of the trace. */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client);
}

/** Count one business event, optionally split by one low-cardinality dimension (e.g. a reason code). */
export function count(name: string, dimension?: { name: string; value: string }): void {
  if (!dimension) {
    metrics.addMetric(name, MetricUnit.Count, 1);
    return;
  }
  const single = metrics.singleMetric();
  single.addDimension(dimension.name, dimension.value);
  single.addMetric(name, MetricUnit.Count, 1);
}

/** Record a duration in milliseconds. */
export function duration(name: string, ms: number): void {
  metrics.addMetric(name, MetricUnit.Milliseconds, Math.round(ms));
}

/**
 * The Powertools middlewares in the order a chain needs them: the Lambda context on every line
 * (cleared after each invocation), metrics flushed (with a ColdStart metric), the handler traced.
 */
export function observed(): MiddlewareObj[] {
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    logMetrics(metrics, { captureColdStartMetric: true }),
    captureLambdaHandler(tracer, { captureResponse: false }),
  ];
}

/**
 * For functions run by events (S3, EventBridge): one line when the invocation ends, with its
 * duration, and the error with its stack when it fails; the error is thrown on, so that Lambda
 * retries the event and finally hands it to the failure destination.
 */
export function invocationLog(): MiddlewareObj {
  const started = new WeakMap<object, number>();
  const ms = (context: object) => Math.round(performance.now() - (started.get(context) ?? 0));
  return {
    before: async ({ context }) => {
      started.set(context, performance.now());
    },
    after: async ({ context }) => {
      logger.info('invocation done', { duration_ms: ms(context) });
    },
    onError: async ({ context, error }) => {
      logger.error('invocation failed', { duration_ms: ms(context), error: error as Error });
    },
  };
}

/** A function run by events (S3, EventBridge), observed: the same logger, metrics and traces. */
export function eventFunction<E, R>(run: (event: E, context: Context) => Promise<R>) {
  return middy<E, R, Error, Context>().use(observed()).use(invocationLog()).handler(run);
}
