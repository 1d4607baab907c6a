/**
 * Replaying failed events: the records Lambda's on-failure destination and EventBridge's
 * dead-letter queue really write (test/fixtures/failed-events/, in their documented shapes) are
 * understood; what replays is deleted, what fails again or is not understood stays; a dry run
 * only lists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type FailedEvent,
  type FailureMessage,
  type FailureSource,
  functionNameOf,
  parseFailure,
  redrive,
} from '../../infra/cli/redrive-core.ts';

const DIR = join(import.meta.dirname, '../fixtures/failed-events');
const fixture = (name: string) => readFileSync(join(DIR, name), 'utf8');
const sqsMessage = (name: string) =>
  JSON.parse(fixture(name)) as { body: string; attributes: Record<string, string> };

const messages: FailureMessage[] = [
  { handle: 'h1', id: 'photo', body: fixture('lambda-on-failure-s3.json'), attributes: {} },
  { handle: 'h2', id: 'export', body: fixture('lambda-on-failure-timeout.json'), attributes: {} },
  { handle: 'h3', id: 'anchor', ...sqsMessage('eventbridge-dead-letter.json') },
  { handle: 'h4', id: 'plain-dlq', ...sqsMessage('lambda-dead-letter-queue.json') },
  { handle: 'h5', id: 'garbage', body: 'not json', attributes: {} },
];

function memorySource(): FailureSource & { removed: string[]; released: boolean } {
  const source = {
    removed: [] as string[],
    released: false,
    async *messages() {
      yield* messages;
    },
    async remove(m: FailureMessage) {
      source.removed.push(m.id);
    },
    async release() {
      source.released = true;
    },
  };
  return source;
}

describe('failure records', () => {
  it('name the function in either partition, with or without a qualifier', () => {
    expect(functionNameOf('arn:aws-cn:lambda:cn-north-1:123456789012:function:Pingxuan-X:$LATEST')).toBe(
      'Pingxuan-X',
    );
    expect(functionNameOf('arn:aws:lambda:ap-northeast-1:123456789012:function:Pingxuan-Y')).toBe(
      'Pingxuan-Y',
    );
    expect(functionNameOf('arn:aws:sqs:ap-northeast-1:123456789012:queue')).toBeUndefined();
  });

  it('give back the original S3 event of a Lambda on-failure record, and why it failed', () => {
    const failed = parseFailure(messages[0] as FailureMessage);
    expect(failed).toMatchObject({
      functionName: 'Pingxuan-ProcessorsprocessPhoto1A2B3C-Xy7Zq9',
      condition: 'RetriesExhausted',
      error: 'The level of configured provisioned throughput for the table was exceeded.',
      failedAt: '2026-11-20T02:16:05.568Z',
    });
    const payload = failed?.payload as { Records: { s3: { object: { key: string } } }[] };
    expect(payload.Records[0]?.s3.object.key).toBe(
      'photos/01HMB7Z4Q1PYCZ2024YKT00002/01HMB7Z4Q1PYCZ2024YKT00003',
    );
    expect(parseFailure(messages[1] as FailureMessage)?.error).toContain('Task timed out');
  });

  it('give back the schedule event of an EventBridge dead letter, its target from the attributes', () => {
    const failed = parseFailure(messages[2] as FailureMessage);
    expect(failed).toMatchObject({
      functionName: 'Pingxuan-JobsanchorAudits7G8H9I-Ef56Gh78',
      condition: 'MaximumRetryAttempts',
      error: 'Unable to invoke Lambda function: Rate Exceeded',
    });
    expect((failed as FailedEvent).payload).toMatchObject({ 'detail-type': 'Scheduled Event' });
  });

  it('leave alone what names no function (a plain Lambda DLQ message, garbage)', () => {
    expect(parseFailure(messages[3] as FailureMessage)).toBeNull();
    expect(parseFailure(messages[4] as FailureMessage)).toBeNull();
  });
});

describe('redrive', () => {
  it('replays each event to its function, deletes what went through, keeps what failed again', async () => {
    const source = memorySource();
    const calls: [string, unknown][] = [];
    const report = await redrive(source, async (fn, payload) => {
      calls.push([fn, payload]);
      if (fn.includes('runExport')) throw new Error('Task timed out after 900.00 seconds');
    });
    expect(calls.map((c) => c[0])).toEqual([
      'Pingxuan-ProcessorsprocessPhoto1A2B3C-Xy7Zq9',
      'Pingxuan-ExportJobsrunExport4D5E6F-Ab12Cd34',
      'Pingxuan-JobsanchorAudits7G8H9I-Ef56Gh78',
    ]);
    expect(source.removed).toEqual(['photo', 'anchor']);
    expect(report.replayed.map((r) => r.id)).toEqual(['photo', 'anchor']);
    expect(report.failed).toMatchObject([{ id: 'export', error: 'Task timed out after 900.00 seconds' }]);
    expect(report.skipped.map((s) => s.id)).toEqual(['plain-dlq', 'garbage']);
    expect(source.released).toBe(true);
  });

  it('with --dry-run lists and changes nothing; with --function replays only that one', async () => {
    const dry = memorySource();
    const report = await redrive(dry, async () => expect.fail('a dry run invokes nothing'), { dryRun: true });
    expect(report.wouldReplay.map((r) => r.id)).toEqual(['photo', 'export', 'anchor']);
    expect(dry.removed).toEqual([]);
    const one = memorySource();
    const only = await redrive(one, async () => undefined, { functionName: 'processPhoto' });
    expect(only.replayed.map((r) => r.id)).toEqual(['photo']);
    expect(one.removed).toEqual(['photo']);
  });
});
