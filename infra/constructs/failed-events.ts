import { Duration } from 'aws-cdk-lib';
import type { IRuleTarget } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { asyncRetries } from '../../functions/async-retries.ts';
import { acknowledge } from './nag.ts';

/**
 * Where an event goes when its function still fails after the retries functions/async-retries.ts
 * sets: one encrypted, TLS-only queue for every asynchronously invoked function. Lambda writes an
 * on-failure record (the original event, the function, the error); EventBridge writes the
 * schedule's event when it cannot invoke the function at all. `npm run redrive -- --queue …`
 * replays both; the monitoring alarms on the queue's oldest message.
 */
export class FailedEvents extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      // SQS-managed keys: EventBridge and Lambda can write without a key policy, in China too
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // the longest SQS keeps a message: two weeks to look and replay
      retentionPeriod: Duration.days(14),
      // longer than the longest replay (the export runner's 15 minutes), see infra/cli/redrive.ts
      visibilityTimeout: Duration.minutes(16),
    });
    acknowledge(
      this.queue,
      'AwsSolutions-SQS3',
      'this queue is itself the dead-letter destination of the asynchronously invoked functions; its messages are replayed by npm run redrive, not consumed',
    );
  }

  /** Retries, maximum event age and the on-failure destination of an S3- or schedule-invoked function. */
  catchFailures(fn: IFunction, functionId: string): void {
    const { retryAttempts, maxEventAgeHours } = asyncRetries(functionId);
    fn.configureAsyncInvoke({
      onFailure: new SqsDestination(this.queue),
      retryAttempts,
      maxEventAge: Duration.hours(maxEventAgeHours),
    });
  }

  /** An EventBridge target for a scheduled function: EventBridge's own retries, then this queue. */
  scheduleTarget(fn: IFunction, functionId: string): IRuleTarget {
    this.catchFailures(fn, functionId);
    const { retryAttempts, maxEventAgeHours } = asyncRetries(functionId);
    return new LambdaFunction(fn, {
      deadLetterQueue: this.queue,
      retryAttempts,
      maxEventAge: Duration.hours(maxEventAgeHours),
    });
  }
}
