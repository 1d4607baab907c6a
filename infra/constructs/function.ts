/**
 * One Lambda function per handler, with our defaults, and the `bind…` helpers that give it an
 * environment variable together with the least grant that makes the variable useful.
 */
import { fileURLToPath } from 'node:url';
import { Duration, Size, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type ILayerVersion, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type CfnLogGroup, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { Grants } from '../../functions/routes.ts';
import { acknowledge, wildcardResourceFinding } from './nag.ts';
import { isChina } from './partition.ts';

/** Environment variable names the handlers read (functions/lib reads them once per cold start). */
export const ENV = {
  table: 'TABLE_NAME',
  uploads: 'UPLOADS_BUCKET',
  records: 'RECORDS_BUCKET',
  exports: 'EXPORTS_BUCKET',
  tokenSecret: 'TOKEN_SECRET_ARN',
  webOrigin: 'WEB_ORIGIN',
  originSecret: 'ORIGIN_SECRET_ARN',
  piiKey: 'PII_KEY_ID',
} as const;

/**
 * Packages replaced in every bundle by a smaller module of ours, each with the reason in its file
 * (esbuild's alias; the bench and the bundle test use the same map).
 */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@pdf-lib/standard-fonts': fileURLToPath(
    new URL('../../functions/lib/pdf-fonts-unbundled.ts', import.meta.url),
  ),
};

/**
 * nodejs24.x: the newest Node.js Lambda runtime in aws-cdk-lib 2.276, GA, and present in the China
 * regions (CDK's region facts resolve the latest Node runtime to nodejs24.x in cn-north-1 and
 * cn-northwest-1). Node 22 leaves Lambda support in April 2027, during the first campaigns. Our
 * handlers are async (middy), so Node 24 dropping callback-style handlers does not affect them.
 */
export const RUNTIME = Runtime.NODEJS_24_X;

/**
 * One year: the Cybersecurity Law (网络安全法 art. 21) and MLPS 2.0 ask for at least six months of
 * logs; a campaign runs for months and objections can come after it.
 */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;

const FUNCTIONS_DIR = fileURLToPath(new URL('../../functions/', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PingxuanFunctionProps {
  /** Module under functions/ exporting `handler`, without extension (as in functions/routes.ts). */
  handler: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  /** /tmp size in MB (Lambda's default is 512). */
  ephemeralMb?: number;
  /**
   * Packages left out of the bundle and provided by a layer at run time (sharp: its native
   * linux-arm64 binary cannot be installed offline at synth time).
   */
  externalModules?: string[];
  layers?: ILayerVersion[];
}

/**
 * A Node.js function with our defaults: arm64, ESM bundle built by the local esbuild (AWS SDK v3
 * bundled, not the runtime's copy), source maps, one year of logs, X-Ray where Lambda supports it,
 * and its own role that starts with nothing but writing its own log group.
 */
export class PingxuanFunction extends NodejsFunction {
  /** The function's own role; grants and their cdk-nag acknowledgements live on it. */
  readonly ownRole: Role;

  constructor(scope: Construct, id: string, props: PingxuanFunctionProps) {
    const china = isChina(scope);
    const name = `${Stack.of(scope).stackName}-${id}`.slice(0, 64);
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.handler}`,
    });
    super(scope, id, {
      // Named after the stack and the route: the log group's name, and so the role's grant to
      // write it, is known without waiting for the function (one policy per role, not two; the
      // stack stays within CloudFormation's 500 resources).
      functionName: name,
      entry: `${FUNCTIONS_DIR}${props.handler}.ts`,
      handler: 'handler',
      description: props.description,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      ...(props.ephemeralMb ? { ephemeralStorageSize: Size.mebibytes(props.ephemeralMb) } : {}),
      role,
      // X-Ray integration with Lambda is not offered in the China regions.
      tracing: china ? undefined : Tracing.ACTIVE,
      layers: props.layers,
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        // Powertools Tracer (functions/lib/observability.ts): nothing to send to where X-Ray is not
        ...(china ? { POWERTOOLS_TRACE_ENABLED: 'false' } : {}),
      },
      awsSdkConnectionReuse: false, // SDK v3 keeps connections alive by itself
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        charset: Charset.UTF8,
        mainFields: ['module', 'main'],
        // CommonJS dependencies inside an ESM bundle still call require().
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        externalModules: props.externalModules ?? [],
        esbuildArgs: Object.fromEntries(
          Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
        ),
        logLevel: LogLevel.ERROR,
        forceDockerBundling: false,
      },
    });
    this.ownRole = role;

    // With @aws-cdk/aws-lambda:useCdkManagedLogGroup (cdk.json) CDK already made /aws/lambda/<name>.
    const managed = this.node.tryFindChild('LogGroup');
    const logGroup =
      managed instanceof LogGroup
        ? managed
        : new LogGroup(this, 'Logs', { logGroupName: `/aws/lambda/${this.functionName}` });
    const cfnLogGroup = logGroup.node.defaultChild as CfnLogGroup;
    cfnLogGroup.retentionInDays = LOG_RETENTION;
    // the name as a literal, not a reference to the function: the role may then grant writing it
    cfnLogGroup.logGroupName = `/aws/lambda/${name}`;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    if (!china) {
      acknowledge(
        role,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions',
      );
    }
  }

  /** TABLE_NAME, and CDK's read or read-write data grant on the table and its GSIs. */
  bindTable(table: ITable, level: 'read' | 'write'): this {
    this.addEnvironment(ENV.table, table.tableName);
    if (level === 'read') table.grantReadData(this);
    else {
      table.grantReadWriteData(this);
      // Audit events are appended, never changed: no writer may update or delete an item whose
      // key starts AUDIT#. (Overwriting one with PutItem is refused by the append's condition.)
      this.addToRolePolicy(
        new PolicyStatement({
          effect: Effect.DENY,
          actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [table.tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        }),
      );
    }
    acknowledge(
      this.ownRole,
      wildcardResourceFinding(this, `${table.tableArn}/index/*`),
      'the single-table design queries its GSIs (gsi1, gsi2); index ARNs are <table ARN>/index/<name>',
    );
    return this;
  }

  /**
   * UPLOADS_BUCKET, and either `presign`: s3:PutObject under the processors' prefixes (a presigned
   * POST is signed with this function's credentials, so this is what the phone may do), or
   * `process`: read and delete the uploads under the given prefixes.
   */
  bindUploads(bucket: IBucket, level: 'presign' | 'process', prefixes: readonly string[]): this {
    if (prefixes.length === 0) throw new Error('bindUploads needs at least one key prefix');
    this.addEnvironment(ENV.uploads, bucket.bucketName);
    const resources = prefixes.map((prefix) => bucket.arnForObjects(`${prefix}*`));
    const actions = level === 'presign' ? ['s3:PutObject'] : ['s3:GetObject', 's3:DeleteObject'];
    this.addToRolePolicy(new PolicyStatement({ actions, resources }));
    for (const resource of resources) {
      acknowledge(
        this.ownRole,
        wildcardResourceFinding(this, resource),
        'upload keys are generated per upload (ULIDs); access is limited to the processed key prefix',
      );
    }
    return this;
  }

  /** RECORDS_BUCKET, and read (current and earlier versions) or write new objects; never delete. */
  bindRecords(bucket: IBucket, level: 'read' | 'write'): this {
    this.addEnvironment(ENV.records, bucket.bucketName);
    const actions =
      level === 'read' ? ['s3:GetObject', 's3:GetObjectVersion'] : ['s3:PutObject', 's3:GetObject'];
    const resource = bucket.arnForObjects('*');
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [resource] }));
    acknowledge(
      this.ownRole,
      wildcardResourceFinding(this, resource),
      'record keys are generated per nomination and photo (ULIDs); the grant has no delete',
    );
    return this;
  }

  /**
   * EXPORTS_BUCKET, and `write`: put new export objects (multipart uploads included, and their
   * abort) and read them back, which signing a download link needs. No delete: exports expire.
   */
  bindExports(bucket: IBucket, level: 'write'): this {
    this.addEnvironment(ENV.exports, bucket.bucketName);
    const resource = bucket.arnForObjects('*');
    const actions = { write: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:GetObject'] }[level];
    this.addToRolePolicy(new PolicyStatement({ actions, resources: [resource] }));
    acknowledge(
      this.ownRole,
      wildcardResourceFinding(this, resource),
      'export keys are generated per export (ULIDs); the grant has no delete, exports expire after 7 days',
    );
    return this;
  }

  /** TOKEN_SECRET_ARN, and read access to the token-signing secret. */
  bindTokenSecret(secret: ISecret): this {
    this.addEnvironment(ENV.tokenSecret, secret.secretArn);
    secret.grantRead(this);
    return this;
  }

  /**
   * PII_KEY_ID (the key ARN), and either `seal`: kms:GenerateDataKey to seal new personal data, or
   * `open`: kms:Decrypt to unwrap the data keys of sealed values.
   */
  bindPiiKey(key: IKey, level: 'seal' | 'open' | 'reseal'): this {
    this.addEnvironment(ENV.piiKey, key.keyArn);
    const actions = {
      seal: ['kms:GenerateDataKey'],
      open: ['kms:Decrypt'],
      reseal: ['kms:Decrypt', 'kms:GenerateDataKey'],
    };
    key.grant(this, ...actions[level]);
    return this;
  }

  /** ORIGIN_SECRET_ARN, and read access to the header CloudFront adds (client addresses). */
  bindOriginSecret(secret: ISecret): this {
    this.addEnvironment(ENV.originSecret, secret.secretArn);
    secret.grantRead(this);
    return this;
  }

  /** WEB_ORIGIN: the origin the web app is served from (for CORS and links). */
  bindWebOrigin(origin: string): this {
    this.addEnvironment(ENV.webOrigin, origin);
    return this;
  }

  /** Apply a route's `grants` from functions/routes.ts; a grant the stack does not know is an error. */
  bindGrants(grants: Grants, targets: GrantTargets): this {
    const known = new Set(['table', 'uploads', 'records', 'exports', 'tokenSecret', 'pii']);
    const unknown = Object.keys(grants).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      throw new Error(
        `${this.node.path}: grants ${unknown.join(', ')} are not wired in infra/constructs/function.ts`,
      );
    }
    if (grants.table) this.bindTable(targets.table, grants.table);
    if (grants.uploads) this.bindUploads(targets.uploads, grants.uploads, targets.uploadPrefixes);
    if (grants.records) this.bindRecords(targets.records, grants.records);
    if (grants.exports) this.bindExports(targets.exports, grants.exports);
    if (grants.tokenSecret) this.bindTokenSecret(targets.tokenSecret);
    if (grants.pii) this.bindPiiKey(targets.piiKey, grants.pii);
    return this;
  }
}

/** What `Grants` refer to. */
export interface GrantTargets {
  table: ITable;
  uploads: IBucket;
  records: IBucket;
  exports: IBucket;
  tokenSecret: ISecret;
  piiKey: IKey;
  /** Key prefixes in the uploads bucket that functions may presign or process. */
  uploadPrefixes: readonly string[];
}
