/** The knobs of the app: context values, the sharp layer, Object Lock retention, refusals. */
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { uploadProcessors } from '../../functions/routes.ts';
import { DEFAULT_REGION, PingxuanStack, propsFromContext } from '../../infra/stack.ts';
import { cleanUp, props, resourcesOf, synth, tempFolder } from './support.ts';

afterAll(cleanUp);

describe('context', () => {
  it('defaults to the global region and reads the China region, retention and layer from context', () => {
    expect(propsFromContext(new App()).env).toEqual({ region: DEFAULT_REGION });
    const app = new App({
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

describe('records retention', () => {
  it('applies Object Lock governance retention when given a number of days', () => {
    const { template } = synth('ap-northeast-1', { recordsRetentionDays: 30 }, { bundle: false });
    template.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    });
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => synth('ap-northeast-1', { recordsRetentionDays: -1 }, { bundle: false })).toThrow(
      /recordsRetentionDays/,
    );
    expect(() => synth('ap-northeast-1', { recordsRetentionDays: 1.5 }, { bundle: false })).toThrow(
      /recordsRetentionDays/,
    );
  });
});

describe('sharp layer', () => {
  it('is attached to the upload processors only, and only when given', () => {
    const arn = 'arn:aws:lambda:ap-northeast-1:123456789012:layer:sharp-linux-arm64:1';
    const withLayer = synth('ap-northeast-1', { sharpLayerArn: arn }, { bundle: false }).template;
    const layered = Object.values(resourcesOf(withLayer, 'AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(props(fn).Layers ?? []).includes(arn),
    );
    expect(layered).toHaveLength(uploadProcessors.length);
    expect(layered.map((fn) => props(fn).MemorySize).sort()).toEqual(
      uploadProcessors.map((p) => p.memoryMb).sort(),
    );

    const without = synth('ap-northeast-1', {}, { bundle: false }).template;
    const sharp = Object.values(resourcesOf(without, 'AWS::Lambda::Function')).filter((fn) =>
      JSON.stringify(props(fn).Layers ?? []).includes('sharp'),
    );
    expect(sharp).toEqual([]);
  });
});

describe('refusals', () => {
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
