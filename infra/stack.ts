/**
 * The Pingxuan stack, read as a wiring diagram: data, storage, the token secret, the API, the web
 * app, one function per route of functions/routes.ts, the upload processors and the scheduled jobs.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { exportJobRunners, routes, scheduledJobs, uploadProcessors } from '../functions/routes.ts';
import { Api } from './constructs/api.ts';
import { Data } from './constructs/data.ts';
import { FailedEvents } from './constructs/failed-events.ts';
import { type GrantTargets, PingxuanFunction } from './constructs/function.ts';
import { ExportJobs, Jobs } from './constructs/jobs.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { acknowledgeCdkHelpers } from './constructs/nag.ts';
import { OriginSecret } from './constructs/origin-secret.ts';
import { Processors } from './constructs/processors.ts';
import { SHARP_LAYER_DIR, sharpLayer } from './constructs/sharp-layer.ts';
import { Storage } from './constructs/storage.ts';
import { TokenSecret } from './constructs/token-secret.ts';
import { Web } from './constructs/web.ts';

export interface PingxuanStackProps extends StackProps {
  /** Built web app to upload (web/dist); when absent, the bucket and distribution exist but stay empty. */
  webAssets?: string;
  /** Object Lock governance retention for new records, in days; 0 (default) leaves records unlocked. */
  recordsRetentionDays?: number;
  /**
   * The sharp layer for linux-arm64 attached to the upload processors: the folder bootstrap.mjs
   * builds (default .build/sharp-layer), or a published layer's ARN, which wins when given.
   */
  sharpLayerDir?: string;
  sharpLayerArn?: string;
  /** Use this existing table (one restored to a point in time) instead of the stack's own. */
  tableName?: string;
  /** AWS China: the ICP-registered domain the app is served on, and its IAM server certificate id. */
  webDomain?: string;
  iamCertificateId?: string;
  /** Who receives the alarms by e-mail (context alarmEmail); without it the topic has no subscriber. */
  alarmEmail?: string;
}

export class PingxuanStack extends Stack {
  constructor(scope: Construct, id: string, props: PingxuanStackProps) {
    super(scope, id, { description: 'Pingxuan: award-selection campaigns', ...props });
    if (Boolean(props.webDomain) !== Boolean(props.iamCertificateId)) {
      throw new Error('webDomain and iamCertificateId go together');
    }
    const chinaDomain =
      props.webDomain && props.iamCertificateId
        ? { domainName: props.webDomain, iamCertificateId: props.iamCertificateId }
        : undefined;

    const data = new Data(this, 'Data', { existingTableName: props.tableName });
    const storage = new Storage(this, 'Storage', { recordsRetentionDays: props.recordsRetentionDays ?? 0 });
    const tokens = new TokenSecret(this, 'TokenSecret');
    const originSecret = new OriginSecret(this, 'OriginSecret');
    const api = new Api(this, 'Api', { corsOrigin: chinaDomain && `https://${chinaDomain.domainName}` });
    const web = new Web(this, 'Web', {
      apiDomainName: api.domainName,
      logBucket: storage.logBucket,
      assets: props.webAssets,
      chinaDomain,
      originSecret: originSecret.secret,
    });
    storage.allowBrowserUploadsFrom(web.origin);

    const targets: GrantTargets = {
      table: data.table,
      uploads: storage.uploads,
      records: storage.records,
      exports: storage.exports,
      tokenSecret: tokens.secret,
      piiKey: data.piiKey,
      uploadPrefixes: uploadProcessors.map((processor) => processor.prefix),
    };
    const handlers = new Construct(this, 'Handlers');
    const functions = new Map<string, PingxuanFunction>();
    for (const route of routes) {
      const fn = new PingxuanFunction(handlers, route.id, {
        handler: route.handler,
        description: `${route.method} ${route.path}`,
        // Exports stream a whole campaign into S3: let them run to API Gateway's 30 s limit.
        timeout: route.grants.exports ? Duration.seconds(29) : undefined,
      });
      fn.bindGrants(route.grants, targets).bindWebOrigin(web.origin).bindOriginSecret(originSecret.secret);
      api.addRoute(route, fn);
      functions.set(route.id, fn);
    }
    const failures = new FailedEvents(this, 'FailedEvents');
    const processors = new Processors(this, 'Processors', {
      processors: uploadProcessors,
      targets,
      sharpLayer: sharpLayer(
        this,
        'SharpLayer',
        props.sharpLayerArn ? { arn: props.sharpLayerArn } : { dir: props.sharpLayerDir ?? SHARP_LAYER_DIR },
      ),
      failures,
    });
    const jobs = new Jobs(this, 'Jobs', { jobs: scheduledJobs, targets, failures });
    const exportJobs = new ExportJobs(this, 'ExportJobs', { runners: exportJobRunners, targets, failures });
    for (const group of [processors, jobs, exportJobs])
      for (const [id, fn] of group.functions) functions.set(id, fn);
    const monitoring = new Monitoring(this, 'Monitoring', {
      httpApi: api.httpApi,
      functions,
      failedEvents: failures.queue,
      table: data.table,
      alarmEmail: props.alarmEmail,
    });
    acknowledgeCdkHelpers(this);

    new CfnOutput(this, 'WebUrl', {
      value: web.origin,
      description: 'The web app (and the API under /api/)',
    });
    new CfnOutput(this, 'ApiEndpoint', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'TokenSecretArn', { value: tokens.secret.secretArn });
    new CfnOutput(this, 'FailedEventsQueueUrl', {
      value: failures.queue.queueUrl,
      description: 'Events that failed after their retries: npm run redrive -- --queue <this URL>',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: monitoring.topic.topicArn });
  }
}

/** Stack props from CDK context (`cdk synth -c region=cn-north-1 -c recordsRetentionDays=30 …`). */
export function propsFromContext(scope: Construct): PingxuanStackProps {
  const text = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const days = Number(text('recordsRetentionDays') ?? 0);
  return {
    env: { region: text('region') ?? DEFAULT_REGION },
    recordsRetentionDays: days,
    sharpLayerArn: text('sharpLayerArn'),
    tableName: text('tableName'),
    webDomain: text('webDomain'),
    iamCertificateId: text('iamCertificateId'),
    alarmEmail: text('alarmEmail'),
  };
}

/** Tokyo: the global region nearest to the users; AWS China is cn-north-1 or cn-northwest-1. */
export const DEFAULT_REGION = 'ap-northeast-1';
