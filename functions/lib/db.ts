/** The DynamoDB document client and table name, built once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { requireEnv } from './config.ts';
import { traced } from './observability.ts';

let client: DynamoDBDocumentClient | undefined;

/** The shared client; AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local when set. */
export function db(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return client;
}

export function tableName(): string {
  return requireEnv('TABLE_NAME');
}

/** A query's items page by page (each page up to 1 MB), for reading more than memory should hold. */
export async function* queryPages(
  input: Omit<QueryCommandInput, 'TableName'>,
): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db().send(
      new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey: start }),
    );
    yield out.Items ?? [];
    start = out.LastEvaluatedKey;
  } while (start);
}

/** Every item a query returns, page by page (for jobs and bounded lists, not request pages). */
export async function queryAll(
  input: Omit<QueryCommandInput, 'TableName'>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages(input)) items.push(...page);
  return items;
}

/**
 * The items of these keys (BatchGet, 100 keys a request, asking again for what DynamoDB leaves
 * unprocessed), in no particular order; keys with no item are left out. `projection` reads only
 * some attributes (`#`-names in `names`).
 */
export async function getAll(
  keys: readonly { pk: string; sk: string }[],
  projection?: { expression: string; names?: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let at = 0; at < keys.length; at += 100) {
    let batch: Record<string, unknown>[] | undefined = keys.slice(at, at + 100).map((k) => ({ ...k }));
    while (batch?.length) {
      const out: BatchGetCommandOutput = await db().send(
        new BatchGetCommand({
          RequestItems: {
            [tableName()]: {
              Keys: batch,
              ...(projection ? { ProjectionExpression: projection.expression } : {}),
              ...(projection?.names ? { ExpressionAttributeNames: projection.names } : {}),
            },
          },
        }),
      );
      items.push(...(out.Responses?.[tableName()] ?? []));
      batch = out.UnprocessedKeys?.[tableName()]?.Keys;
    }
  }
  return items;
}
