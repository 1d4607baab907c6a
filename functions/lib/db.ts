/** The DynamoDB document client and table name, built once per cold start. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from './config.ts';

let client: DynamoDBDocumentClient | undefined;

/** The shared client; AWS_ENDPOINT_URL_DYNAMODB points it at DynamoDB Local when set. */
export function db(): DynamoDBDocumentClient {
  client ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return client;
}

export function tableName(): string {
  return requireEnv('TABLE_NAME');
}
