import { Annotations, Duration } from 'aws-cdk-lib';
import { LayerVersion } from 'aws-cdk-lib/aws-lambda';
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
   * A Lambda layer with sharp for linux-arm64 (nodejs/node_modules/sharp and its @img packages).
   * sharp stays out of the bundle: installing its native binary at synth time needs the network.
   */
  sharpLayerArn?: string;
  /** Where an upload's event goes when processing it still fails after the retries. */
  failures: FailedEvents;
}

/** One function per `uploadProcessors` entry, run by S3 when an object arrives under its prefix. */
export class Processors extends Construct {
  readonly functions = new Map<string, PingxuanFunction>();

  constructor(scope: Construct, id: string, props: ProcessorsProps) {
    super(scope, id);
    const sharp = props.sharpLayerArn
      ? [LayerVersion.fromLayerVersionArn(this, 'SharpLayer', props.sharpLayerArn)]
      : undefined;
    if (!sharp) {
      Annotations.of(this).addWarningV2(
        'pingxuan:sharpLayer',
        'No sharp layer (context sharpLayerArn): deployed as is, the photo processor fails on every upload',
      );
    }
    for (const processor of props.processors) {
      const fn = new PingxuanFunction(this, processor.id, {
        handler: processor.handler,
        description: `Processes uploads under ${processor.prefix}`,
        memorySize: processor.memoryMb,
        timeout: Duration.seconds(60),
        externalModules: ['sharp'],
        layers: sharp,
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
