/**
 * `npm run redrive`: replay the events that failed in the asynchronously invoked functions (the
 * photo and scan processors, the export runner, the daily anchor).
 *
 *   npm run redrive -- --queue <url or name> [--region cn-north-1] [--function processPhoto] [--dry-run]
 *       the stack's failed-events queue (output FailedEventsQueueUrl): each record is sent again
 *       to its function, synchronously; what went through is deleted, what failed again stays.
 *   npm run redrive -- --local [http://127.0.0.1:3000] [--data .data] [--dry-run]
 *       the local runtime's .data/failed-events/, replayed through the running `npm start`.
 *
 * Prints what it did as JSON; exits 1 when an event failed again.
 */
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { localFailureSource, localInvoker } from '../local/failed-events.ts';
import { type FailureMessage, type FailureSource, type Invoker, redrive } from './redrive-core.ts';

/** Longer than the longest function (the export runner's 15 minutes), so no message reappears mid-replay. */
const VISIBILITY_SECONDS = 960;

/** The queue as a redrive source: received in batches until empty, each message once. */
function sqsFailureSource(sqs: SQSClient, queueUrl: string, dryRun: boolean): FailureSource {
  const held: FailureMessage[] = [];
  return {
    async *messages() {
      const seen = new Set<string>();
      for (;;) {
        const out = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            VisibilityTimeout: dryRun ? 60 : VISIBILITY_SECONDS,
            MessageAttributeNames: ['All'],
          }),
        );
        const fresh = (out.Messages ?? []).filter((m) => m.MessageId && !seen.has(m.MessageId));
        if (fresh.length === 0) return;
        for (const m of fresh) {
          seen.add(m.MessageId as string);
          const attributes: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.MessageAttributes ?? {}))
            if (v.StringValue !== undefined) attributes[k] = v.StringValue;
          const message = {
            handle: m.ReceiptHandle as string,
            id: m.MessageId as string,
            body: m.Body ?? '',
            attributes,
          };
          held.push(message);
          yield message;
        }
      }
    },
    async remove(message) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.handle }));
      held.splice(held.indexOf(message), 1);
    },
    async release() {
      // what was only looked at, or failed again, is visible again at once
      for (const m of held)
        await sqs
          .send(
            new ChangeMessageVisibilityCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: m.handle,
              VisibilityTimeout: 0,
            }),
          )
          .catch(() => undefined);
    },
  };
}

/** Synchronous Lambda invocation; a function error is thrown with its message. */
function lambdaInvoker(lambda: LambdaClient): Invoker {
  return async (functionName, payload) => {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(payload)),
      }),
    );
    if (out.FunctionError) {
      const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
      let message = text;
      try {
        message = (JSON.parse(text) as { errorMessage?: string }).errorMessage ?? text;
      } catch {}
      throw new Error(`${out.FunctionError}: ${message}`);
    }
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      region: { type: 'string' },
      function: { type: 'string' },
      local: { type: 'boolean' },
      data: { type: 'string', default: '.data' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const dryRun = values['dry-run'] ?? false;
  const options = { dryRun, ...(values.function ? { functionName: values.function } : {}) };
  let report: Awaited<ReturnType<typeof redrive>>;
  if (values.queue) {
    const sqs = new SQSClient(values.region ? { region: values.region } : {});
    const queueUrl = values.queue.startsWith('https://')
      ? values.queue
      : ((await sqs.send(new GetQueueUrlCommand({ QueueName: values.queue }))).QueueUrl as string);
    const lambda = new LambdaClient({
      ...(values.region ? { region: values.region } : {}),
      requestHandler: { requestTimeout: VISIBILITY_SECONDS * 1000 },
    });
    report = await redrive(sqsFailureSource(sqs, queueUrl, dryRun), lambdaInvoker(lambda), options);
  } else if (values.local) {
    const base = positionals[0] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
    const dir = `${values.data}/failed-events`;
    report = await redrive(localFailureSource(dir), localInvoker(base), options);
  } else {
    throw new Error(
      'usage: npm run redrive -- --queue <url|name> [--region r] | --local [url] [--data .data]  [--function id] [--dry-run]',
    );
  }
  console.log(JSON.stringify(report, null, 2));
  if (report.failed.length > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
