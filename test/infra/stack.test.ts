/**
 * The global stack (ap-northeast-1), bundled with the local esbuild exactly as `cdk synth` does,
 * checked against functions/routes.ts and the list of properties.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exportJobRunners,
  type HttpRoute,
  routes,
  type ScheduledJob,
  scheduledJobs,
  uploadProcessors,
  VERIFY_BUDGET_SECONDS,
  VERIFY_JOB_MEMORY_MB,
  VERIFY_JOB_TIMEOUT_SECONDS,
} from '../../functions/routes.ts';
import type { Data } from '../../infra/constructs/data.ts';
import type { Storage } from '../../infra/constructs/storage.ts';
import type { Web } from '../../infra/constructs/web.ts';
import { CACHE_HASHED, CACHE_REVALIDATE, HSTS_SECONDS, webSecurityHeaders } from '../../infra/web-headers.ts';
import {
  actionsOf,
  cleanUp,
  fakeWebBuild,
  props,
  refTarget,
  resourcesOf,
  resourcesOfStatement,
  type Synth,
  statementsOfRole,
  synth,
} from './support.ts';

type Json = Record<string, unknown>;

let s: Synth;
let template: Template;
let ids: {
  uploads: string;
  records: string;
  exports: string;
  site: string;
  logs: string;
  distribution: string;
  piiKey: string;
};

beforeAll(() => {
  s = synth('ap-northeast-1', { webAssets: fakeWebBuild() });
  template = s.template;
  const storage = s.stack.node.findChild('Storage') as Storage;
  const web = s.stack.node.findChild('Web') as Web;
  const data = s.stack.node.findChild('Data') as Data;
  const id = (bucket: Bucket) => s.stack.getLogicalId(bucket.node.defaultChild as CfnElement);
  ids = {
    uploads: id(storage.uploads),
    records: id(storage.records),
    exports: id(storage.exports),
    site: id(web.bucket),
    logs: id(storage.logBucket),
    distribution: s.stack.getLogicalId(web.distribution.node.defaultChild as CfnElement),
    piiKey: s.stack.getLogicalId(data.piiKey.node.defaultChild as CfnElement),
  };
});

afterAll(cleanUp);

const functions = () => resourcesOf(template, 'AWS::Lambda::Function');

/** The function a route's integration invokes. */
function functionOf(route: HttpRoute): { id: string; fn: Json } {
  const apiRoute = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).find(
    (r) => props(r).RouteKey === `${route.method} ${route.path}`,
  );
  expect(apiRoute, `route ${route.method} ${route.path}`).toBeDefined();
  const target = props(apiRoute as Json).Target as { 'Fn::Join': [string, unknown[]] };
  const integrationId = refTarget(target['Fn::Join'][1][1]) as string;
  const integration = resourcesOf(template, 'AWS::ApiGatewayV2::Integration')[integrationId] as Json;
  expect(props(integration).PayloadFormatVersion).toBe('2.0');
  const id = refTarget(props(integration).IntegrationUri) as string;
  return { id, fn: functions()[id] as Json };
}

/** The processor function S3 notifies for each `uploadProcessors` prefix. */
function processorOf(prefix: string, bucket = ids.uploads): { id: string; fn: Json } {
  const notifications = Object.values(resourcesOf(template, 'Custom::S3BucketNotifications')).find((n) =>
    JSON.stringify(props(n).BucketName).includes(bucket),
  );
  const configs = (props(notifications as Json).NotificationConfiguration as Json)
    .LambdaFunctionConfigurations as Json[];
  const config = configs.find((c) => JSON.stringify(c.Filter).includes(`"${prefix}"`)) as Json;
  const id = refTarget(config.LambdaFunctionArn) as string;
  return { id, fn: functions()[id] as Json };
}

/** The function an EventBridge rule runs on each `scheduledJobs` schedule. */
function jobOf(job: ScheduledJob): { id: string; fn: Json } {
  const rule = Object.values(resourcesOf(template, 'AWS::Events::Rule')).find(
    (r) => props(r).ScheduleExpression === job.schedule && JSON.stringify(r).includes(job.id),
  );
  expect(rule, `schedule of ${job.id}`).toBeDefined();
  const [target] = props(rule as Json).Targets as Json[];
  const id = refTarget((target as Json).Arn) as string;
  return { id, fn: functions()[id] as Json };
}

const ours = () => [
  ...routes.map((route) => ({ name: route.id, grants: route.grants, http: true, ...functionOf(route) })),
  ...uploadProcessors.map((p) => ({ name: p.id, grants: p.grants, http: false, ...processorOf(p.prefix) })),
  ...scheduledJobs.map((j) => ({ name: j.id, grants: j.grants, http: false, ...jobOf(j) })),
  ...exportJobRunners.map((j) => ({
    name: j.id,
    grants: j.grants,
    http: false,
    ...processorOf(j.prefix, ids.exports),
  })),
];
/** The logical id of the secret whose description starts so. */
const secretIdOf = (description: string) =>
  Object.entries(resourcesOf(template, 'AWS::SecretsManager::Secret')).find(([, r]) =>
    String(props(r).Description).startsWith(description),
  )?.[0] as string;
const env = (fn: Json) => ((props(fn).Environment as Json | undefined)?.Variables ?? {}) as Json;
const roleOf = (fn: Json) => refTarget(props(fn).Role) as string;

describe('HTTP API', () => {
  it('has exactly one route per entry of functions/routes.ts, with its METHOD path', () => {
    const keys = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => props(r).RouteKey,
    );
    expect(keys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('gives every route its own function and every function its own role', () => {
    const all = ours();
    expect(new Set(all.map((f) => f.id)).size).toBe(
      routes.length + uploadProcessors.length + scheduledJobs.length + exportJobRunners.length,
    );
    expect(new Set(all.map((f) => roleOf(f.fn))).size).toBe(all.length);
    for (const f of all) {
      const role = resourcesOf(template, 'AWS::IAM::Role')[roleOf(f.fn)] as Json;
      expect(JSON.stringify(props(role).AssumeRolePolicyDocument)).toContain('lambda.amazonaws.com');
      expect(props(role).ManagedPolicyArns, `${f.name} uses no AWS managed policy`).toBeUndefined();
    }
  });

  it('throttles the default stage and writes JSON access logs kept for a year', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
        Format: Match.anyValue(),
      },
    });
    const [stage] = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
    const logs = props(stage as Json).AccessLogSettings as Json;
    const group = resourcesOf(template, 'AWS::Logs::LogGroup')[
      refTarget(logs.DestinationArn) as string
    ] as Json;
    expect(props(group).RetentionInDays).toBe(365);
    expect(JSON.parse(logs.Format as string)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
  });

  it('has no CORS rule: the app calls /api/* on its own CloudFront origin', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });
});

describe('functions', () => {
  it('run nodejs24.x on arm64 with X-Ray, source maps, and a log group kept for a year', () => {
    const groups = Object.values(resourcesOf(template, 'AWS::Logs::LogGroup'));
    for (const f of ours()) {
      expect(props(f.fn), f.name).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
      expect(env(f.fn).NODE_OPTIONS).toBe('--enable-source-maps');
      const processor = uploadProcessors.some((p) => p.id === f.name);
      expect((props(f.fn).Layers as unknown[] | undefined)?.length, `${f.name}: the sharp layer`).toBe(
        processor ? 1 : undefined,
      );
      const group = groups.find((g) => props(g).LogGroupName === `/aws/lambda/${props(f.fn).FunctionName}`);
      expect(group && props(group).RetentionInDays, `${f.name} log group`).toBe(365);
    }
  });

  it('give up after 10 s, exports after 29 s (within API Gateway’s 30 s)', () => {
    for (const f of ours().filter((x) => x.http)) {
      expect(props(f.fn).Timeout, f.name).toBe(f.grants.exports ? 29 : 10);
    }
  });

  it('size the processors from uploadProcessors, and the export jobs from exportJobRunners', () => {
    for (const p of uploadProcessors) {
      expect(props(processorOf(p.prefix).fn).MemorySize).toBe(p.memoryMb);
    }
    for (const j of exportJobRunners) {
      const fn = props(processorOf(j.prefix, ids.exports).fn);
      expect(fn.MemorySize).toBe(j.memoryMb);
      expect(fn.Timeout).toBe(j.timeoutSeconds);
      expect(fn.EphemeralStorage).toEqual({ Size: j.ephemeralMb });
    }
  });

  it('give the verification job the time and memory of its budget, run by requests under verifications/', () => {
    const fn = props(processorOf('verifications/', ids.exports).fn);
    expect(fn.Timeout).toBe(VERIFY_JOB_TIMEOUT_SECONDS);
    expect(fn.MemorySize).toBe(VERIFY_JOB_MEMORY_MB);
    // 10,000 nominations must verify in the budget, and the budget leave the timeout a margin of 3×
    expect(VERIFY_JOB_TIMEOUT_SECONDS).toBeGreaterThanOrEqual(3 * VERIFY_BUDGET_SECONDS);
  });

  it('let nothing deployed move the clock: no /_local route or path, no clock setting on any function', () => {
    const keys = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map((r) =>
      String(props(r).RouteKey),
    );
    expect(keys.filter((k) => k.includes('_local'))).toEqual([]);
    expect(routes.filter((r) => !r.path.startsWith('/api/'))).toEqual([]);
    for (const f of ours()) {
      const names = Object.keys(env(f.fn));
      expect(
        names.filter((n) => /CLOCK|NOW|TIME|OFFSET|FAKE/i.test(n)),
        f.name,
      ).toEqual([]);
    }
    // nor does CloudFront pass anything but /api/* to the API
    expect(JSON.stringify(resourcesOf(template, 'AWS::CloudFront::Distribution'))).not.toContain('_local');
  });

  it('get exactly the environment variables their grants need', () => {
    const distributionDomain = { 'Fn::GetAtt': [ids.distribution, 'DomainName'] };
    for (const f of ours()) {
      const vars = env(f.fn);
      const has = (name: string) => expect(name in vars, `${f.name} ${name}`);
      has('TABLE_NAME').toBe(Boolean(f.grants.table));
      has('UPLOADS_BUCKET').toBe(Boolean(f.grants.uploads));
      has('RECORDS_BUCKET').toBe(Boolean(f.grants.records));
      has('TOKEN_SECRET_ARN').toBe(Boolean(f.grants.tokenSecret));
      has('PII_KEY_ID').toBe(Boolean(f.grants.pii));
      has('EXPORTS_BUCKET').toBe(Boolean(f.grants.exports));
      has('WEB_ORIGIN').toBe(f.http);
      if (f.grants.uploads) expect(vars.UPLOADS_BUCKET).toEqual({ Ref: ids.uploads });
      if (f.grants.records) expect(vars.RECORDS_BUCKET).toEqual({ Ref: ids.records });
      if (f.grants.exports) expect(vars.EXPORTS_BUCKET).toEqual({ Ref: ids.exports });
      if (f.grants.pii) expect(vars.PII_KEY_ID).toEqual({ 'Fn::GetAtt': [ids.piiKey, 'Arn'] });
      if (f.http) expect(vars.WEB_ORIGIN).toEqual({ 'Fn::Join': ['', ['https://', distributionDomain]] });
    }
  });

  it('bundle to an ESM index.mjs with the require shim and a source map, sharp left to the layer', () => {
    for (const f of ours()) {
      const key = ((props(f.fn).Code as Json).S3Key as string).replace(/\.zip$/, '');
      const dir = join(s.outdir, `asset.${key}`);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(
        code.startsWith(
          "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ),
      ).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), `${f.name} source map`).toBe(true);
      // The AWS SDK is bundled, not taken from the runtime.
      expect(code, f.name).not.toMatch(/from\s*"@aws-sdk\//);
      if (uploadProcessors.some((p) => p.id === f.name)) {
        expect(code, `${f.name} imports sharp at run time`).toMatch(/from\s*"sharp"/);
      }
      // pdf-lib's standard fonts are left out (BUNDLE_ALIASES): the scan checker draws no text.
      expect(code, `${f.name} carries pdf-lib's font metrics`).not.toContain('eJyNnVtzG8mxrf+KAk/nRGh8');
      if (f.name === 'processScan') expect(code).toContain('pdf-lib standard fonts are not bundled');
    }
  });
});

describe('least privilege', () => {
  const statements = (f: { fn: Json }) => statementsOfRole(template, roleOf(f.fn));
  const actions = (f: { fn: Json }) => statements(f).flatMap(actionsOf);

  it('gives functions without a table grant (health, openapi) no DynamoDB access', () => {
    const without = ours().filter((f) => !f.grants.table);
    expect(without.map((f) => f.name)).toEqual(expect.arrayContaining(['health', 'openapi']));
    for (const f of without)
      expect(
        actions(f).filter((a) => a.startsWith('dynamodb:')),
        f.name,
      ).toEqual([]);
  });

  it('lets read-only routes read the table but not write it', () => {
    for (const f of ours()) {
      const a = actions(f);
      if (f.grants.table === 'read') {
        expect(a, f.name).toContain('dynamodb:Query');
        expect(
          a.filter((x) => /^dynamodb:.*(Put|Update|Delete|Write)/.test(x)),
          f.name,
        ).toEqual([]);
      }
      if (f.grants.table === 'write')
        expect(a, f.name).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']));
    }
  });

  it('denies every table writer updating or deleting audit events', () => {
    for (const f of ours().filter((x) => x.grants.table === 'write')) {
      const deny = statements(f).find((st) => st.Effect === 'Deny');
      expect(deny, f.name).toBeDefined();
      expect(actionsOf(deny as Json).sort()).toEqual([
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:UpdateItem',
      ]);
      expect(deny?.Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } });
    }
  });

  it('lets only token-checking functions read the signing secret, and HTTP functions the origin secret', () => {
    const reads = (f: { fn: Json }, secretId: string) =>
      statements(f).some(
        (st) =>
          actionsOf(st).includes('secretsmanager:GetSecretValue') &&
          JSON.stringify(resourcesOfStatement(st)).includes(secretId),
      );
    for (const f of ours()) {
      expect(reads(f, secretIdOf('Pingxuan access-token signing key')), f.name).toBe(
        Boolean(f.grants.tokenSecret),
      );
      expect(reads(f, secretIdOf('Pingxuan CloudFront origin header')), f.name).toBe(f.http);
    }
  });

  it('lets only sealing routes make data keys, and only opening routes unwrap them', () => {
    for (const f of ours()) {
      const onKey = statements(f).filter((st) => JSON.stringify(st.Resource).includes(ids.piiKey));
      const pii = f.grants.pii;
      const expected = {
        seal: ['kms:GenerateDataKey'],
        open: ['kms:Decrypt'],
        reseal: ['kms:Decrypt', 'kms:GenerateDataKey'],
      };
      expect(onKey.flatMap(actionsOf).sort(), f.name).toEqual(pii ? expected[pii] : []);
    }
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true, KeySpec: Match.absent() },
    });
  });

  it('lets the presigning route put objects under the processed prefixes only, and read nothing there', () => {
    const prefixes = uploadProcessors.map((p) => p.prefix);
    for (const f of ours().filter((x) => x.grants.uploads === 'presign')) {
      const onUploads = statements(f).filter((st) => JSON.stringify(st.Resource).includes(ids.uploads));
      expect(onUploads.flatMap(actionsOf)).toEqual(['s3:PutObject']);
      const resources = onUploads.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
      expect(resources).toEqual(prefixes.map((p) => expect.stringContaining(`/${p}*`)));
    }
  });

  it('lets the processor read and delete its uploads and write records', () => {
    for (const p of uploadProcessors) {
      const st = statements(processorOf(p.prefix));
      const onUploads = st.filter((x) => JSON.stringify(x.Resource).includes(ids.uploads));
      expect(onUploads.flatMap(actionsOf).sort()).toEqual(['s3:DeleteObject', 's3:GetObject']);
      expect(JSON.stringify(onUploads.flatMap(resourcesOfStatement))).toContain(`/${p.prefix}*`);
      const onRecords = st.filter((x) => JSON.stringify(x.Resource).includes(ids.records));
      expect(onRecords.flatMap(actionsOf).sort()).toEqual(['s3:GetObject', 's3:PutObject']);
    }
  });

  it('lets only exporting routes write exports, never delete them', () => {
    for (const f of ours()) {
      const onExports = statements(f).filter((st) => JSON.stringify(st.Resource).includes(ids.exports));
      const expected = f.grants.exports ? ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'] : [];
      expect(onExports.flatMap(actionsOf).sort(), f.name).toEqual(expected);
    }
  });

  it('lets no role in the stack delete records', () => {
    for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
      for (const st of (props(policy).PolicyDocument as Json).Statement as Json[]) {
        if (st.Effect !== 'Allow' || !JSON.stringify(st.Resource).includes(ids.records)) continue;
        expect(actionsOf(st).filter((a) => a === '*' || /^s3:(\*|Delete)/.test(a))).toEqual([]);
      }
    }
  });
});

describe('data', () => {
  it('is one on-demand table with PITR, deletion protection, retained, keys, GSIs and TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    const gsi = (name: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: `${name}pk`, KeyType: 'HASH' },
        { AttributeName: `${name}sk`, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith(
          ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((n) => ({
            AttributeName: n,
            AttributeType: 'S',
          })),
        ),
        GlobalSecondaryIndexes: [gsi('gsi1'), gsi('gsi2')],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        // SSE on without a key id: the AWS-managed aws/dynamodb KMS key.
        SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      },
    });
  });

  it('keeps the token-signing key in Secrets Manager, generated, 64 characters', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });
});

describe('buckets', () => {
  const bucket = (id: string) => resourcesOf(template, 'AWS::S3::Bucket')[id] as Json;
  const policyOf = (id: string) =>
    Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find(
      (p) => refTarget(props(p).Bucket) === id,
    ) as Json;

  it('are encrypted, private, TLS-only, logged and retained', () => {
    for (const id of [ids.uploads, ids.records, ids.exports, ids.site, ids.logs]) {
      const b = bucket(id);
      expect(b.DeletionPolicy, id).toBe('Retain');
      expect(props(b).BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(props(b).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const statements = (props(policyOf(id)).PolicyDocument as Json).Statement as Json[];
      expect(statements, id).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      if (id !== ids.logs) {
        expect(props(b).LoggingConfiguration, id).toMatchObject({ DestinationBucketName: { Ref: ids.logs } });
      }
    }
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('expire uploads after a day and exports after a week; keep records versioned, lockable', () => {
    expect(props(bucket(ids.uploads)).LifecycleConfiguration).toEqual({
      Rules: [
        {
          ExpirationInDays: 1,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
      ],
    });
    expect(props(bucket(ids.exports)).LifecycleConfiguration).toEqual({
      Rules: [
        {
          ExpirationInDays: 7,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          Status: 'Enabled',
        },
      ],
    });
    expect(props(bucket(ids.records))).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
    });
    expect(props(bucket(ids.records)).LifecycleConfiguration).toBeUndefined();
    expect(props(bucket(ids.records)).ObjectLockConfiguration).toBeUndefined();
  });

  it('let phones POST uploads from the web origin only', () => {
    expect(props(bucket(ids.uploads)).CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['POST'],
          AllowedOrigins: [
            { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }]] },
          ],
          AllowedHeaders: ['*'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3600,
        },
      ],
    });
  });

  it('notify each upload processor of objects created under its prefix', () => {
    const [notifications] = Object.values(resourcesOf(template, 'Custom::S3BucketNotifications'));
    expect(refTarget(props(notifications as Json).BucketName)).toBe(ids.uploads);
    const configs = (props(notifications as Json).NotificationConfiguration as Json)
      .LambdaFunctionConfigurations;
    expect(configs).toEqual(
      uploadProcessors.map((p) => ({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: p.prefix }] } },
        LambdaFunctionArn: { 'Fn::GetAtt': [processorOf(p.prefix).id, 'Arn'] },
      })),
    );
  });
});

describe('web', () => {
  const distribution = () =>
    props(resourcesOf(template, 'AWS::CloudFront::Distribution')[ids.distribution] as Json)
      .DistributionConfig as Json;

  it('adds a deploy-time origin secret to /api/*, with the viewer headers but Host, and the handlers check it', () => {
    const secretId = secretIdOf('Pingxuan CloudFront origin header');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('origin header'),
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
    });
    const config = distribution();
    const api = (config.CacheBehaviors as Json[]).find((b) => b.PathPattern === '/api/*') as Json;
    // Managed-AllViewerExceptHostHeader: API Gateway routes on its own Host
    expect(api.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac');
    const origin = (config.Origins as Json[]).find((o) => o.Id === api.TargetOriginId) as Json;
    const [header] = origin.OriginCustomHeaders as Json[];
    expect((header as Json).HeaderName).toBe('x-origin-verify');
    // a dynamic reference resolved by CloudFormation at deploy time, never the value
    const value = JSON.stringify((header as Json).HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(secretId);
    for (const f of ours()) {
      const vars = env(f.fn);
      if (f.http) expect(vars.ORIGIN_SECRET_ARN, f.name).toEqual({ Ref: secretId });
      else expect(vars.ORIGIN_SECRET_ARN, f.name).toBeUndefined();
    }
    // the execute-api endpoint stays: CloudFront needs its host name (no custom domain)
    const httpApi = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Api'))[0] as Json;
    expect(props(httpApi).DisableExecuteApiEndpoint ?? false).toBe(false);
  });

  it('serves the private web bucket through Origin Access Control, index.html at the root', () => {
    const config = distribution();
    expect(config.DefaultRootObject).toBe('index.html');
    const origins = config.Origins as Json[];
    const site = origins.find((o) => refTarget(o.DomainName) === ids.site) as Json;
    expect(site.OriginAccessControlId).toBeDefined();
    expect(site.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect((config.DefaultCacheBehavior as Json).TargetOriginId).toBe(site.Id);
    expect((config.DefaultCacheBehavior as Json).ViewerProtocolPolicy).toBe('redirect-to-https');
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const policy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find(
      (p) => refTarget(props(p).Bucket) === ids.site,
    ) as Json;
    const allows = ((props(policy).PolicyDocument as Json).Statement as Json[]).filter(
      (st) => st.Effect === 'Allow',
    );
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
      }),
    ]);
  });

  it('sends /api/* to the HTTP API uncached, with all methods, over HTTPS only', () => {
    const behaviors = distribution().CacheBehaviors as Json[];
    // the hashed assets have a behaviour of their own (their Cache-Control), see below
    expect(behaviors.map((b) => b.PathPattern)).toEqual(['/assets/*', '/api/*']);
    const behavior = behaviors.find((b) => b.PathPattern === '/api/*') as Json;
    expect(behavior).toMatchObject({
      PathPattern: '/api/*',
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // AllViewerExceptHostHeader
    });
    const origin = (distribution().Origins as Json[]).find(
      (o) => o.Id === (behavior as Json).TargetOriginId,
    ) as Json;
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
    expect(origin.CustomOriginConfig).toEqual({
      OriginProtocolPolicy: 'https-only',
      OriginSSLProtocols: ['TLSv1.2'],
    });
  });

  it('sends the web app with the headers of infra/web-headers.ts and Cache-Control by path; the API keeps its own', () => {
    const config = distribution();
    const behaviors = [config.DefaultCacheBehavior, ...(config.CacheBehaviors as Json[])] as Json[];
    const policyOf = (pattern: string | undefined) => {
      const behavior = behaviors.find((b) => b.PathPattern === pattern) as Json;
      const id = refTarget(behavior.ResponseHeadersPolicyId) as string;
      return props(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy')[id] as Json)
        .ResponseHeadersPolicyConfig as Json;
    };
    const custom = (policy: Json) =>
      Object.fromEntries(
        ((policy.CustomHeadersConfig as Json).Items as Json[]).map((h) => [
          String(h.Header).toLowerCase(),
          h.Value,
        ]),
      );
    const expected = webSecurityHeaders(['https://*.s3.ap-northeast-1.<token>']);
    for (const [pattern, cacheControl] of [
      [undefined, CACHE_REVALIDATE],
      ['/assets/*', CACHE_HASHED],
    ] as const) {
      const policy = policyOf(pattern);
      const security = policy.SecurityHeadersConfig as Json;
      expect(security).toMatchObject({
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: HSTS_SECONDS,
          IncludeSubdomains: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: expected['referrer-policy'], Override: true },
      });
      const csp = (security.ContentSecurityPolicy as Json).ContentSecurityPolicy as {
        'Fn::Join': [string, unknown[]];
      };
      const text = csp['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<token>')).join('');
      expect(text).toBe(expected['content-security-policy']);
      expect(text).not.toContain('unsafe-');
      expect(custom(policy)).toEqual({
        'permissions-policy': expected['permissions-policy'],
        'cross-origin-opener-policy': expected['cross-origin-opener-policy'],
        'cache-control': cacheControl,
      });
    }
    const api = policyOf('/api/*').SecurityHeadersConfig as Json;
    expect(api.ContentSecurityPolicy).toEqual({
      ContentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
      Override: false,
    });
    expect((api.StrictTransportSecurity as Json).Override).toBe(false);
  });

  it('serves index.html for app routes, on the web behaviour only', () => {
    const [fnId, fn] = Object.entries(resourcesOf(template, 'AWS::CloudFront::Function'))[0] as [
      string,
      Json,
    ];
    const config = distribution();
    expect((config.DefaultCacheBehavior as Json).FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } },
    ]);
    for (const behavior of config.CacheBehaviors as Json[])
      expect(behavior.FunctionAssociations).toBeUndefined();
    const handler = new Function(`${props(fn).FunctionCode}; return handler;`)() as (e: unknown) => {
      uri: string;
    };
    const uri = (path: string) => handler({ request: { uri: path } }).uri;
    expect(uri('/nominations/01JBZ4N7Q8S5V7W9X1Y2Z3A4B5')).toBe('/index.html');
    expect(uri('/')).toBe('/index.html');
    expect(uri('/assets/index-3fa9c1.js')).toBe('/assets/index-3fa9c1.js');
  });

  it('logs viewer requests to the access-log bucket', () => {
    expect(distribution().Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [ids.logs, 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
  });

  it('uploads the built web app and invalidates the distribution', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: ids.site },
      DistributionId: { Ref: ids.distribution },
      DistributionPaths: ['/*'],
    });
  });
});

// The sharp layer the install builds (.build/sharp-layer, infra/local/bootstrap.mjs) is what the
// stack deploys: its asset holds sharp's linux-arm64 binary, and the processors' bundles leave sharp to it.

/** The staged asset folder behind a `Code`/`Content` property. */
const assetDir = (code: unknown) =>
  join(s.outdir, `asset.${((code as Json).S3Key as string).replace(/\.zip$/, '')}`);

/** ELF header: magic, 64-bit class, and e_machine (bytes 18–19, little-endian) 183 = EM_AARCH64. */
function elfMachine(file: string): { elf: boolean; class64: boolean; machine: number } {
  const head = readFileSync(file).subarray(0, 20);
  return {
    elf: head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])),
    class64: head[4] === 2,
    machine: head.readUInt16LE(18),
  };
}

/** Our layer (the web app's BucketDeployment brings CDK's AWS CLI layer too). */
const sharpLayers = () =>
  Object.entries(resourcesOf(template, 'AWS::Lambda::LayerVersion')).filter(([, layer]) =>
    String(props(layer).Description).startsWith('sharp '),
  );

describe('the sharp layer', () => {
  it('is one layer version from the built folder, for the Lambda runtime on arm64', () => {
    const layers = sharpLayers();
    expect(layers).toHaveLength(1);
    expect(props(layers[0]?.[1] as Json)).toMatchObject({
      CompatibleArchitectures: ['arm64'],
      CompatibleRuntimes: ['nodejs24.x'],
    });
  });

  it("holds sharp's linux-arm64 binary (AArch64 ELF) and libvips, nothing for another platform", () => {
    const layer = sharpLayers()[0]?.[1] as Json;
    const modules = join(assetDir(props(layer).Content), 'nodejs', 'node_modules');
    const pinned = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
      .dependencies.sharp;
    expect(JSON.parse(readFileSync(join(modules, 'sharp', 'package.json'), 'utf8')).version).toBe(pinned);
    const lib = join(modules, '@img', 'sharp-linux-arm64', 'lib');
    const binaries = readdirSync(lib).filter((f) => f.endsWith('.node'));
    expect(binaries).toEqual([`sharp-linux-arm64-${pinned}.node`]);
    expect(elfMachine(join(lib, binaries[0] as string))).toEqual({ elf: true, class64: true, machine: 183 });
    const vips = readdirSync(join(modules, '@img', 'sharp-libvips-linux-arm64', 'lib')).find((f) =>
      f.startsWith('libvips-cpp.so'),
    );
    expect(vips, 'libvips').toBeDefined();
    expect(
      elfMachine(join(modules, '@img', 'sharp-libvips-linux-arm64', 'lib', vips as string)).machine,
    ).toBe(183);
    expect(readdirSync(join(modules, '@img')).sort()).toEqual([
      'colour',
      'sharp-libvips-linux-arm64',
      'sharp-linux-arm64',
    ]);
  });

  it('is attached to every upload processor, whose bundle leaves sharp out', () => {
    const layerId = sharpLayers()[0]?.[0];
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    for (const processor of uploadProcessors) {
      const fn = functions.find((f) => String(props(f).Description).includes(processor.prefix)) as Json;
      expect(fn, processor.id).toBeDefined();
      expect(props(fn).Layers).toEqual([{ Ref: layerId }]);
      const dir = assetDir(props(fn).Code);
      expect(readdirSync(dir).sort(), processor.id).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // sharp's own loader names its platform packages and explains a failed load
      expect(code, processor.id).not.toContain('@img/sharp-');
      expect(code, processor.id).not.toContain('Could not load the "sharp" module');
      expect(existsSync(join(dir, 'node_modules')), processor.id).toBe(false);
    }
  });
});
