import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface MonitoringProps {
  httpApi: IHttpApi;
  /** Every function of the stack, by its id in functions/routes.ts. */
  functions: ReadonlyMap<string, IFunction>;
  failedEvents: IQueue;
  table: ITable;
  /** Deploy context `alarmEmail`: who gets the alarms by e-mail (they confirm the subscription once). */
  alarmEmail?: string;
}

/** The business metrics the functions emit (functions/lib/observability.ts), namespace Pingxuan. */
const NAMESPACE = 'Pingxuan';
const business = (metricName: string, statistic = 'Sum') =>
  new Metric({ namespace: NAMESPACE, metricName, dimensionsMap: { service: 'pingxuan' }, statistic });
/** A business metric split by one more dimension (a reason code, an export set): every value, by SEARCH. */
const byDimension = (metricName: string, dimension: string, label: string) =>
  new MathExpression({
    expression: `SEARCH('{${NAMESPACE},service,${dimension}} MetricName="${metricName}"', 'Sum', 300)`,
    label,
    period: Duration.minutes(5),
  });

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms and the operations dashboard, in a nested stack of their own: one alarm per function
 * for errors and one for throttles would take the main stack past CloudFormation's 500 resources.
 * Every alarm notifies an encrypted, TLS-only SNS topic; its e-mail subscription comes from the
 * deploy context (`-c alarmEmail=ops@example.gov.cn`).
 */
export class Monitoring extends NestedStack {
  readonly topic: Topic;
  /** The error alarm of each function, by function id. */
  readonly errorAlarms = new Map<string, Alarm>();
  readonly alarms: IAlarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, { description: 'Pingxuan alarms and operations dashboard' });
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Pingxuan alarm topic',
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarms to the encrypted topic: it needs the key, AWS-managed keys refuse it
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: '评选系统告警',
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const notify = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      this.alarms.push(a);
      return a;
    };

    const requests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const clientErrors = props.httpApi.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrorRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: '5xx %',
      period: FIVE_MINUTES,
    });
    alarm('Api5xxRate', serverErrorRate, 5, '评选 API：5 分钟内服务器错误（5xx）超过请求的 5%');

    for (const [fnId, fn] of props.functions) {
      const errors = alarm(
        `${fnId}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `评选函数 ${fnId}：执行出错（未处理的异常或超时）`,
      );
      this.errorAlarms.set(fnId, errors);
      alarm(
        `${fnId}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        1,
        `评选函数 ${fnId}：请求被限流（并发不足）`,
      );
    }

    const oldestFailed = props.failedEvents.metricApproximateAgeOfOldestMessage({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    const failedWaiting = props.failedEvents.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    alarm(
      'FailedEventWaiting',
      failedWaiting,
      1,
      '评选：有处理失败的事件（照片、扫描件、导出或每日锚定）在失败事件队列中，请排查后运行 npm run redrive',
    );
    alarm(
      'FailedEventOld',
      oldestFailed,
      3600,
      '评选：失败事件队列中最早的事件已超过 1 小时未重放（队列最多保留 14 天）',
    );
    alarm('ExportsFailed', business('ExportsFailed'), 1, '评选：导出任务失败');

    const tableThrottles = new MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: props.table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
        writes: props.table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' }),
      },
      label: 'DynamoDB throttled',
      period: FIVE_MINUTES,
    });
    alarm('TableThrottles', tableThrottles, 1, '评选：DynamoDB 表读写被限流');

    const fns = [...props.functions.entries()];
    const perFunction = (f: (fn: IFunction) => IMetric) =>
      fns.map(([fnId, fn]) => (f(fn) as Metric).with({ label: fnId, period: FIVE_MINUTES }));
    new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(scope).stackName}-operations`,
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new TextWidget({
            markdown:
              '# 评选 运行情况\n接口、函数、失败事件与业务指标。失败事件的重放：`npm run redrive -- --queue …`',
            width: 24,
            height: 2,
          }),
        ],
        [new AlarmStatusWidget({ title: '告警', alarms: this.alarms, width: 24, height: 6 })],
        [
          new GraphWidget({
            title: 'API 请求与错误',
            left: [requests, clientErrors, serverErrors],
            right: [serverErrorRate],
            width: 12,
          }),
          new GraphWidget({
            title: 'API 延迟 (p50 / p90 / p99, ms)',
            left: ['p50', 'p90', 'p99'].map((p) =>
              props.httpApi.metricLatency({ statistic: p, period: FIVE_MINUTES, label: p }),
            ),
            width: 12,
          }),
        ],
        [
          new GraphWidget({ title: '函数错误', left: perFunction((fn) => fn.metricErrors()), width: 8 }),
          new GraphWidget({ title: '函数限流', left: perFunction((fn) => fn.metricThrottles()), width: 8 }),
          new GraphWidget({
            title: '函数耗时 p90 (ms)',
            left: perFunction((fn) => fn.metricDuration({ statistic: 'p90' })),
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: '失败事件队列',
            left: [failedWaiting],
            right: [oldestFailed],
            width: 12,
          }),
          new GraphWidget({
            title: 'DynamoDB',
            left: [tableThrottles],
            right: [
              props.table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES }),
              props.table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES }),
            ],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: '登录失败 / 提交推荐 / 异议',
            left: [business('LoginsFailed'), business('NominationsSubmitted')],
            right: [byDimension('ObjectionsFiled', 'accepted', '异议')],
            width: 8,
          }),
          new GraphWidget({
            title: '照片审核结果（按原因）',
            left: [byDimension('PhotoVerdicts', 'reason', '照片')],
            width: 8,
          }),
          new GraphWidget({
            title: '扫描件审核结果（按原因）',
            left: [byDimension('ScanVerdicts', 'reason', '扫描件')],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: '导出',
            left: [byDimension('ExportsCompleted', 'set', '完成'), business('ExportsFailed')],
            right: [business('ExportDuration', 'p90'), business('ExportDuration', 'Maximum')],
            width: 24,
          }),
        ],
      ],
    });
  }
}
