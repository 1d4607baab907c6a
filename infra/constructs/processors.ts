import { Duration } from 'aws-cdk-lib';
import type { ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import type { UploadProcessor } from '../../functions/routes.ts';
import type { FailedEvents } from './failed-events.ts';
import { type GrantTargets, PingxuanFunction } from './function.ts';

export interface ProcessorsProps {
  processors: readonly UploadProcessor[];
  targets: GrantTargets;
  /**
   * The Lambda layer with sharp for linux-arm64 (nodejs/node_modules/sharp and its @img packages,
   * infra/constructs/sharp-layer.ts). sharp stays out of the bundles: its native binary must be
   * the Lambda platform's, not this machine's.
   */
  sharpLayer: ILayerVersion;
  /** Where an upload's event goes when processing it still fails after the retries. */
  failures: FailedEvents;
}

/** One function per `uploadProcessors` entry, run by S3 when an object arrives under its prefix. */
export class Processors extends Construct {
  readonly functions = new Map<string, PingxuanFunction>();

  constructor(scope: Construct, id: string, props: ProcessorsProps) {
    super(scope, id);
    for (const processor of props.processors) {
      const fn = new PingxuanFunction(this, processor.id, {
        handler: processor.handler,
        description: `Processes uploads under ${processor.prefix}`,
        memorySize: processor.memoryMb,
        timeout: Duration.seconds(60),
        externalModules: ['sharp'],
        layers: [props.sharpLayer],
      });
      fn.bindGrants(processor.grants, { ...props.targets, uploadPrefixes: [processor.prefix] });
      props.failures.catchFailures(fn, processor.id);
      props.targets.uploads.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn), {
        prefix: processor.prefix,
      });
      this.functions.set(processor.id, fn);
    }
  }
}
