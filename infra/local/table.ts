/**
 * The records table's shape, as DynamoDB Local gets it. The CDK stack defines the same keys
 * and indexes for the cloud (infra/stack.ts); test/infra checks that they agree.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

const S = 'S' as const;

export function tableDefinition(name: string): CreateTableCommandInput {
  const gsi = (n: string) => ({
    IndexName: n,
    KeySchema: [
      { AttributeName: `${n}pk`, KeyType: 'HASH' as const },
      { AttributeName: `${n}sk`, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((a) => ({
      AttributeName: a,
      AttributeType: S,
    })),
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [gsi('gsi1'), gsi('gsi2')],
  };
}

/** The attribute DynamoDB's TTL deletes expired items by (login counters). */
export const TTL_ATTRIBUTE = 'expiresAt';
