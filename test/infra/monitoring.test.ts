/**
 * Alarms, the dashboard and the failed-events wiring: every function has its error alarm, the
 * alarm topic is encrypted and TLS-only and gets an e-mail subscription only from the deploy
 * context, every asynchronously invoked function hands its failures to the encrypted queue with
 * the retries functions/async-retries.ts sets, and the China stack synthesizes all of it.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNC_RETRIES } from '../../functions/async-retries.ts';
import { exportJobRunners, routes, scheduledJobs, uploadProcessors } from '../../functions/routes.ts';
import { PingxuanFunction } from '../../infra/constructs/function.ts';
import type { Monitoring } from '../../infra/constructs/monitoring.ts';
import { PingxuanStack, propsFromContext } from '../../infra/stack.ts';
import { cleanUp, props, refTarget, resourcesOf, type Synth, synth, tempFolder } from './support.ts';

type Json = Record<string, unknown>;

let global: Synth;
let china: Synth;
beforeAll(() => {
  global = synth('ap-northeast-1', {}, { bundle: false });
  china = synth('cn-north-1', {}, { bundle: false });
});
afterAll(cleanUp);

const monitoringOf = (s: Synth) => s.stack.node.findChild('Monitoring') as Monitoring;
const allFunctionIds = [...routes, ...uploadProcessors, ...exportJobRunners, ...scheduledJobs].map(
  (f) => f.id,
);

/** Logical ids (in the main stack) of the functions each nested-stack alarm watches, by metric name. */
function watchedFunctions(s: Synth, metricName: string): Set<string> {
  const nested = Template.fromStack(monitoringOf(s));
  const [stackResource] = Object.values(resourcesOf(s.template, 'AWS::CloudFormation::Stack'));
  const parameters = props(stackResource as Json).Parameters as Record<string, unknown>;
  const watched = new Set<string>();
  for (const alarm of Object.values(resourcesOf(nested, 'AWS::CloudWatch::Alarm'))) {
    const p = props(alarm);
    if (p.Namespace !== 'AWS/Lambda' || p.MetricName !== metricName) continue;
    const dimension = (p.Dimensions as Json[]).find((d) => d.Name === 'FunctionName');
    const parameter = refTarget(dimension?.Value) as string;
    const fnLogicalId = refTarget(parameters[parameter]);
    if (fnLogicalId) watched.add(fnLogicalId);
  }
  return watched;
}

describe('alarms', () => {
  it('give every function of the stack an error alarm and a throttle alarm, in both partitions', () => {
    for (const s of [global, china]) {
      const ours = s.stack.node
        .findAll()
        .filter((c): c is PingxuanFunction => c instanceof PingxuanFunction)
        .map((fn) => s.stack.getLogicalId(fn.node.defaultChild as never));
      expect(ours.length).toBe(allFunctionIds.length);
      const errors = watchedFunctions(s, 'Errors');
      const throttles = watchedFunctions(s, 'Throttles');
      for (const id of ours) {
        expect(errors, id).toContain(id);
        expect(throttles, id).toContain(id);
      }
      expect([...monitoringOf(s).errorAlarms.keys()].sort()).toEqual([...allFunctionIds].sort());
    }
  });

  it('watch the API 5xx rate, the failed-events queue, export failures and DynamoDB throttles', () => {
    const nested = Template.fromStack(monitoringOf(global));
    const alarms = Object.values(resourcesOf(nested, 'AWS::CloudWatch::Alarm')).map(props);
    const expressions = alarms
      .flatMap((a) => ((a.Metrics as Json[]) ?? []).map((m) => m.Expression))
      .filter(Boolean);
    expect(expressions).toContain('IF(requests > 0, 100 * errors / requests, 0)');
    expect(expressions).toContain('reads + writes');
    const byMetric = (name: string) => alarms.filter((a) => a.MetricName === name);
    expect(byMetric('ApproximateAgeOfOldestMessage')).toHaveLength(1);
    expect(byMetric('ApproximateNumberOfMessagesVisible')).toHaveLength(1);
    expect(byMetric('ExportsFailed')[0]).toMatchObject({ Namespace: 'Pingxuan' });
    // every alarm notifies the topic, and says when it is over
    const topic = Object.keys(resourcesOf(nested, 'AWS::SNS::Topic'))[0];
    for (const a of alarms) {
      expect((a.AlarmActions as unknown[]).map(refTarget)).toEqual([topic]);
      expect((a.OKActions as unknown[]).map(refTarget)).toEqual([topic]);
    }
    nested.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('go to an encrypted, TLS-only topic', () => {
    for (const s of [global, china]) {
      const nested = Template.fromStack(monitoringOf(s));
      const [topic] = Object.values(resourcesOf(nested, 'AWS::SNS::Topic')).map(props);
      expect(refTarget(topic?.KmsMasterKeyId)).toBeDefined();
      const policy = JSON.stringify(Object.values(resourcesOf(nested, 'AWS::SNS::TopicPolicy')).map(props));
      expect(policy).toContain('"aws:SecureTransport":"false"');
      expect(JSON.stringify(nested.toJSON())).not.toContain(s === china ? '"arn:aws:' : '"arn:aws-cn:');
    }
  });

  it('are e-mailed only when the deploy context names an address', () => {
    const subscriptions = (context: Record<string, string>) => {
      const app = new App({
        outdir: tempFolder('pingxuan-cdk.out-'),
        context: { 'aws:cdk:bundling-stacks': [], ...context },
      });
      const stack = new PingxuanStack(app, 'Pingxuan', propsFromContext(app));
      const nested = Template.fromStack(stack.node.findChild('Monitoring') as Monitoring);
      return Object.values(resourcesOf(nested, 'AWS::SNS::Subscription')).map(props);
    };
    expect(subscriptions({})).toEqual([]);
    expect(subscriptions({ alarmEmail: 'ops@example.gov.cn', region: 'cn-north-1' })).toMatchObject([
      { Protocol: 'email', Endpoint: 'ops@example.gov.cn' },
    ]);
  });
});

describe('failed events', () => {
  const functionLogicalId = (s: Synth, group: string, id: string) =>
    s.stack.getLogicalId(s.stack.node.findChild(group).node.findChild(id).node.defaultChild as never);

  it('every asynchronously invoked function retries as set and then hands its event to the queue', () => {
    for (const s of [global, china]) {
      const [queueId, queue] = Object.entries(resourcesOf(s.template, 'AWS::SQS::Queue'))[0] as [
        string,
        Json,
      ];
      expect(props(queue)).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
      const queuePolicy = JSON.stringify(
        Object.values(resourcesOf(s.template, 'AWS::SQS::QueuePolicy')).map(props),
      );
      expect(queuePolicy).toContain('"aws:SecureTransport":"false"');
      const configs = Object.values(resourcesOf(s.template, 'AWS::Lambda::EventInvokeConfig')).map(props);
      const groups: [string, string][] = [
        ...uploadProcessors.map((p) => ['Processors', p.id] as [string, string]),
        ...exportJobRunners.map((r) => ['ExportJobs', r.id] as [string, string]),
        ...scheduledJobs.map((j) => ['Jobs', j.id] as [string, string]),
      ];
      expect(configs).toHaveLength(groups.length);
      for (const [group, id] of groups) {
        const fn = functionLogicalId(s, group, id);
        const config = configs.find((c) => refTarget(c.FunctionName) === fn);
        const policy = ASYNC_RETRIES[id];
        expect(config, id).toMatchObject({
          MaximumRetryAttempts: policy?.retryAttempts,
          MaximumEventAgeInSeconds: (policy?.maxEventAgeHours ?? 0) * 3600,
        });
        const onFailure = ((config as Json).DestinationConfig as { OnFailure: { Destination: unknown } })
          .OnFailure;
        expect(refTarget(onFailure.Destination)).toBe(queueId);
      }
      // the schedule: EventBridge's own retries, then the same queue
      const [rule] = Object.values(resourcesOf(s.template, 'AWS::Events::Rule')).map(props);
      const target = ((rule as Json).Targets as Json[])[0] as Json;
      expect(refTarget((target.DeadLetterConfig as Json).Arn)).toBe(queueId);
      expect(target.RetryPolicy).toMatchObject({
        MaximumRetryAttempts: ASYNC_RETRIES.anchorAudits?.retryAttempts,
      });
    }
  });
});
