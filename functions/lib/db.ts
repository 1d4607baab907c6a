/** The DynamoDB document client and table name, built once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
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
