import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The records table: one table, single-table design (keys built in functions/lib), two GSIs for
 * the list access patterns, TTL on `expiresAt` for login codes and other expiring items.
 */
export class Data extends Construct {
  /**
   * The table this stack made, or, after a point-in-time restore (infra/cli/restore-cloud.ts),
   * the restored table it was re-pointed to (`existingTableName`). The table the stack made
   * before is retained (RETAIN, deletion protection) when it leaves the stack.
   */
  readonly table: ITable;
  /**
   * The master key for personal data (ID numbers), sealed field by field in functions/lib/pii.ts
   * with data keys it wraps. Customer-managed so that only the roles granted `pii` can unwrap,
   * whatever else can read the table; rotated yearly; retained, since losing it loses the data.
   */
  readonly piiKey: Key;

  constructor(scope: Construct, id: string, props: { existingTableName?: string } = {}) {
    super(scope, id);
    this.piiKey = new Key(this, 'PiiKey', {
      description: 'Pingxuan personal data (ID numbers): wraps the data keys of functions/lib/pii.ts',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.existingTableName) {
      this.table = Table.fromTableAttributes(this, 'Table', {
        tableName: props.existingTableName,
        globalIndexes: [...INDEXES],
      });
      return;
    }
    const table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: 'expiresAt',
      // The AWS-managed key (aws/dynamodb): every use is logged in CloudTrail for the auditors,
      // with no key policy or per-function KMS grant to maintain. A customer-managed key would
      // only add cost and a way to lock ourselves out; nobody outside this account reads the table.
      encryption: TableEncryption.AWS_MANAGED,
    });
    for (const index of INDEXES) {
      table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    this.table = table;
  }
}

/** The table's global secondary indexes (keys `<index>pk`, `<index>sk`, all attributes projected). */
const INDEXES = ['gsi1', 'gsi2'] as const;
