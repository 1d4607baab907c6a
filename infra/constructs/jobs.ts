import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import type { ExportJobRunner, ScheduledJob } from '../../functions/routes.ts';
import type { FailedEvents } from './failed-events.ts';
import { type GrantTargets, PingxuanFunction } from './function.ts';

export interface JobsProps {
  jobs: readonly ScheduledJob[];
  targets: GrantTargets;
  failures: FailedEvents;
}

/** One function per `scheduledJobs` entry, run by an EventBridge rule on its schedule. */
export class Jobs extends Construct {
  readonly functions = new Map<string, PingxuanFunction>();

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    for (const job of props.jobs) {
      const fn = new PingxuanFunction(this, job.id, {
        handler: job.handler,
        description: job.description,
        memorySize: 1024,
        timeout: Duration.minutes(5),
      });
      fn.bindGrants(job.grants, props.targets);
      new Rule(this, `${job.id}Schedule`, {
        schedule: Schedule.expression(job.schedule),
        targets: [props.failures.scheduleTarget(fn, job.id)],
      });
      this.functions.set(job.id, fn);
    }
  }
}

export interface ExportJobsProps {
  runners: readonly ExportJobRunner[];
  targets: GrantTargets;
  failures: FailedEvents;
}

/** One function per `exportJobRunners` entry, run by S3 when a request object arrives under its prefix. */
export class ExportJobs extends Construct {
  readonly functions = new Map<string, PingxuanFunction>();

  constructor(scope: Construct, id: string, props: ExportJobsProps) {
    super(scope, id);
    for (const runner of props.runners) {
      const fn = new PingxuanFunction(this, runner.id, {
        handler: runner.handler,
        description: `Runs jobs requested under ${runner.prefix} in the exports bucket`,
        memorySize: runner.memoryMb,
        timeout: Duration.seconds(runner.timeoutSeconds),
        ephemeralMb: runner.ephemeralMb,
      });
      fn.bindGrants(runner.grants, props.targets);
      props.failures.catchFailures(fn, runner.id);
      props.targets.exports.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), {
        prefix: runner.prefix,
      });
      this.functions.set(runner.id, fn);
    }
  }
}
