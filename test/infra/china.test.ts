/**
 * The AWS China stacks (cn-north-1, cn-northwest-1): only resources and settings that exist in
 * the aws-cn partition, no `arn:aws:` literal, and the web hosting setup that works there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { CfnOriginAccessControl } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { cleanUp, fakeWebBuild, props, refTarget, resourcesOf, type Synth, synth } from './support.ts';

type Json = Record<string, unknown>;

const domain = { webDomain: 'pingxuan.example.cn', iamCertificateId: 'ASCAEXAMPLECERTIFICATE1' };
let withDomain: Synth;
let withoutDomain: Synth;

beforeAll(() => {
  withDomain = synth('cn-north-1', { ...domain, webAssets: fakeWebBuild() }, { bundle: false });
  withoutDomain = synth('cn-northwest-1', {}, { bundle: false });
});

afterAll(cleanUp);

const both = () => [withDomain, withoutDomain];
const functions = (s: Synth) => Object.values(resourcesOf(s.template, 'AWS::Lambda::Function'));
const distributionConfig = (s: Synth) =>
  props(Object.values(resourcesOf(s.template, 'AWS::CloudFront::Distribution'))[0] as Json)
    .DistributionConfig as Json;

describe('AWS China stack', () => {
  it('has no hard-coded arn:aws: partition', () => {
    for (const s of both()) {
      const json = JSON.stringify(s.template.toJSON());
      expect(json).not.toContain('"arn:aws:');
      expect(json).toContain('arn:aws-cn:');
    }
  });

  it('uses no CloudFront feature missing in China: OAC, cache, origin-request or response-headers policies, functions', () => {
    for (const s of both()) {
      for (const type of [
        'AWS::CloudFront::OriginAccessControl',
        'AWS::CloudFront::CachePolicy',
        'AWS::CloudFront::OriginRequestPolicy',
        'AWS::CloudFront::ResponseHeadersPolicy',
        'AWS::CloudFront::Function',
      ]) {
        s.template.resourceCountIs(type, 0);
      }
      const config = JSON.stringify(distributionConfig(s));
      for (const key of [
        'CachePolicyId',
        'OriginRequestPolicyId',
        'ResponseHeadersPolicyId',
        'FunctionAssociations',
      ]) {
        expect(config).not.toContain(key);
      }
    }
  });

  it('serves the private web bucket through an Origin Access Identity that may only GetObject', () => {
    const s = withDomain;
    const [oaiId] = Object.keys(resourcesOf(s.template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity'));
    const web = (distributionConfig(s).Origins as Json[]).find((o) => o.Id === 'web') as Json;
    expect(JSON.stringify(web.S3OriginConfig)).toContain(`{"Ref":"${oaiId}"}`);
    const siteId = refTarget(web.DomainName) as string;
    const policy = Object.values(resourcesOf(s.template, 'AWS::S3::BucketPolicy')).find(
      (p) => refTarget(props(p).Bucket) === siteId,
    ) as Json;
    const allows = ((props(policy).PolicyDocument as Json).Statement as Json[]).filter(
      (st) => st.Effect === 'Allow',
    );
    expect(allows).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { CanonicalUser: { 'Fn::GetAtt': [oaiId, 'S3CanonicalUserId'] } },
      }),
    ]);
    expect((distributionConfig(s).DefaultCacheBehavior as Json).ForwardedValues).toEqual({
      QueryString: false,
      Cookies: { Forward: 'none' },
    });
  });

  it('sends /api/* to the API with legacy forwarded values, never the Host header, never cached', () => {
    const [api] = distributionConfig(withDomain).CacheBehaviors as Json[];
    expect(api).toMatchObject({
      PathPattern: '/api/*',
      TargetOriginId: 'api',
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 0,
    });
    const headers = ((api as Json).ForwardedValues as Json).Headers as string[];
    expect(headers).toContain('Authorization');
    expect(headers).toContain('CloudFront-Viewer-Address');
    expect(headers.map((h) => h.toLowerCase())).not.toContain('host');
    const origin = (distributionConfig(withDomain).Origins as Json[]).find((o) => o.Id === 'api') as Json;
    const [header] = origin.OriginCustomHeaders as Json[];
    expect((header as Json).HeaderName).toBe('x-origin-verify');
    expect(JSON.stringify((header as Json).HeaderValue)).toContain('{{resolve:secretsmanager:');
  });

  it('serves on the ICP domain with its IAM certificate, and allows only that origin', () => {
    const s = withDomain;
    const config = distributionConfig(s);
    expect(config.Aliases).toEqual([domain.webDomain]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: domain.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    const origin = `https://${domain.webDomain}`;
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: { AllowOrigins: [origin] },
    });
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: [origin] }] },
    });
    const http = functions(s).filter(
      (fn) => 'WEB_ORIGIN' in (((props(fn).Environment as Json)?.Variables ?? {}) as Json),
    );
    expect(http).toHaveLength(routes.length);
    for (const fn of http)
      expect(((props(fn).Environment as Json).Variables as Json).WEB_ORIGIN).toBe(origin);
  });

  it('still synthesizes without a domain, on the distribution domain', () => {
    const config = distributionConfig(withoutDomain);
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toEqual({ CloudFrontDefaultCertificate: true });
    withoutDomain.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.absent(),
    });
  });

  it('passes CloudFormation Validate, which knows the resource types each region has', () => {
    const findings = (s: Synth) => {
      void s.template; // synthesized, and validated, on first use
      const report = JSON.parse(readFileSync(join(s.outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: { pluginName: string; violations: { ruleName: string }[] }[];
      };
      return report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName}: ${v.ruleName}`));
    };
    expect(findings(withDomain)).toEqual([]);
    expect(findings(withoutDomain)).toEqual([]);
  });

  it('would refuse a resource type that China lacks', () => {
    const s = synth('cn-north-1', {}, { bundle: false });
    new CfnOriginAccessControl(s.stack, 'Oac', {
      originAccessControlConfig: {
        name: 'probe',
        originAccessControlOriginType: 's3',
        signingBehavior: 'always',
        signingProtocol: 'sigv4',
      },
    });
    expect(() => s.app.synth()).toThrow(
      /'AWS::CloudFront::OriginAccessControl' does not exist in 'cn-north-1'/,
    );
  });

  it('runs functions on arm64 nodejs24.x without X-Ray, which Lambda does not offer in China', () => {
    for (const s of both()) {
      const ours = functions(s).filter((fn) => String(props(fn).Runtime).startsWith('nodejs'));
      expect(ours.length).toBeGreaterThan(routes.length);
      for (const fn of ours) {
        expect(props(fn)).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
        expect(props(fn).TracingConfig).toBeUndefined();
      }
    }
  });
});
