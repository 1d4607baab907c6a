/** The knobs of the app: context values, the sharp layer, Object Lock retention, refusals. */
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadProcessors } from '../../functions/routes.ts';
import { DEFAULT_REGION, PingxuanStack, propsFromContext } from '../../infra/stack.ts';
import { cleanUp, props, resourcesOf, type Synth, synth, tempFolder } from './support.ts';

afterAll(cleanUp);

describe('context', () => {
  it('defaults to the global region and reads the China region, retention and layer from context', () => {
    const bare = new App({ outdir: tempFolder('pingxuan-cdk.out-') });
    expect(propsFromContext(bare).env).toEqual({ region: DEFAULT_REGION });
    const app = new App({
      outdir: tempFolder('pingxuan-cdk.out-'),
      context: {
        region: 'cn-north-1',
        recordsRetentionDays: '30',
        sharpLayerArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:layer:sharp:3',
      },
    });
    expect(propsFromContext(app)).toMatchObject({
      env: { region: 'cn-north-1' },
      recordsRetentionDays: 30,
      sharpLayerArn: 'arn:aws-cn:lambda:cn-north-1:123456789012:layer:sharp:3',
    });
  });
});

describe('options', () => {
  const layerArn = 'arn:aws:lambda:ap-northeast-1:123456789012:layer:sharp-linux-arm64:1';
  let configured: Synth;
  beforeAll(() => {
    configured = synth(
      'ap-northeast-1',
      { recordsRetentionDays: 30, sharpLayerArn: layerArn },
      { bundle: false },
    );
  });

  it('applies Object Lock governance retention to records when given a number of days', () => {
    configured.template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
  });

  it('attaches a published sharp layer (context sharpLayerArn) to the upload processors only', () => {
    const layered = Object.values(resourcesOf(configured.template, 'AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(props(fn).Layers ?? []).includes(layerArn),
    );
    expect(layered).toHaveLength(uploadProcessors.length);
    expect(layered.map((fn) => props(fn).MemorySize).sort()).toEqual(
      uploadProcessors.map((p) => p.memoryMb).sort(),
    );
  });

  it('refuses a negative or fractional number of retention days', () => {
    expect(() => synth('ap-northeast-1', { recordsRetentionDays: -1 }, { bundle: false })).toThrow(
      /recordsRetentionDays/,
    );
    expect(() => synth('ap-northeast-1', { recordsRetentionDays: 1.5 }, { bundle: false })).toThrow(
      /recordsRetentionDays/,
    );
  });
});

describe('refusals', () => {
  it('refuses to synthesize without the sharp layer, saying how to build it', () => {
    const empty = tempFolder('pingxuan-no-layer-');
    expect(() => synth('ap-northeast-1', { sharpLayerDir: empty }, { bundle: false })).toThrow(
      /sharp layer for Lambda \(linux-arm64\).*not usable.*bootstrap\.mjs install/,
    );
  });

  it('refuses a China domain outside the China partition, or half of one', () => {
    const domain = { webDomain: 'pingxuan.example.cn', iamCertificateId: 'ASCAEXAMPLE' };
    expect(() => synth('ap-northeast-1', domain, { bundle: false })).toThrow(/aws-cn/);
    expect(() => synth('cn-north-1', { webDomain: domain.webDomain }, { bundle: false })).toThrow(
      /go together/,
    );
  });

  it('refuses an unresolved region, since China differs', () => {
    const app = new App({
      outdir: tempFolder('pingxuan-cdk.out-'),
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    expect(() => new PingxuanStack(app, 'Anywhere', {})).toThrow(/concrete region/);
  });
});
