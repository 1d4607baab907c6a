import { Duration, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  CfnDistribution,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type IDistribution,
  OriginAccessIdentity,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_SECRET_HEADER } from '../../functions/lib/client-address.ts';
import { CACHE_HASHED, CACHE_REVALIDATE, HSTS_SECONDS, webSecurityHeaders } from '../web-headers.ts';
import { acknowledge, wildcardResourceFinding } from './nag.ts';
import { isChina } from './partition.ts';
import { privateBucket } from './storage.ts';

export interface WebProps {
  /** Host name of the HTTP API (execute-api), served under /api/* on the same origin. */
  apiDomainName: string;
  logBucket: Bucket;
  /** Folder with the built web app (web/dist); when absent, nothing is uploaded. */
  assets?: string;
  /**
   * AWS China only: the ICP-registered domain and the id of its certificate in the IAM
   * certificate store. CloudFront in China cannot serve from *.cloudfront.cn and has no ACM.
   */
  chinaDomain?: { domainName: string; iamCertificateId: string };
  /**
   * Added by CloudFront to every /api/* origin request as X-Origin-Verify (a Secrets Manager
   * dynamic reference in the template, not the value): the handlers believe CloudFront's
   * viewer-address headers only with it.
   */
  originSecret?: ISecret;
}

const originHeaders = (props: WebProps): Record<string, string> =>
  props.originSecret ? { [ORIGIN_SECRET_HEADER]: props.originSecret.secretValue.unsafeUnwrap() } : {};

/**
 * The web app in a private bucket behind CloudFront, with the API under /api/* on the same
 * origin, so the app calls the API without CORS.
 *
 * Two setups, chosen by partition, because CloudFront in the China regions lacks several pieces:
 * - aws: the L2 Distribution with Origin Access Control, managed cache/origin-request policies, a
 *   response-headers policy (security headers) and a CloudFront Function that serves index.html
 *   for extension-less paths (a deep link typed without its #).
 * - aws-cn: AWS::CloudFront::OriginAccessControl does not exist there and CachePolicyId is
 *   refused ("can't be set for this region"), so an L1 distribution with an Origin Access
 *   Identity and legacy ForwardedValues. No CloudFront Functions or response-headers policies
 *   either: the API sets its own security headers (functions/lib/http.ts) and the app routes
 *   with the hash (web/route.ts), which needs no rewrite. Custom error responses are not used
 *   for a fallback in either setup: they would turn the API's own 403/404 answers into index.html.
 *   CloudFront in China serves content only on an ICP-registered alternate domain with an
 *   IAM-store certificate (no ACM there): context webDomain and iamCertificateId.
 */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: IDistribution;
  /** https://… origin the app is served from: the CloudFront domain, or the China domain. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.bucket = privateBucket(this, 'Site', props.logBucket);
    const china = isChina(this);
    if (!china && props.chinaDomain) throw new Error('chinaDomain applies to the aws-cn partition only');

    this.distribution = china ? this.chinaDistribution(props) : this.globalDistribution(props);
    this.origin = props.chinaDomain
      ? `https://${props.chinaDomain.domainName}`
      : `https://${this.distribution.distributionDomainName}`;

    if (props.assets) {
      const deployment = new BucketDeployment(this, 'Deploy', {
        sources: [Source.asset(props.assets)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/*'],
        memoryLimit: 512,
      });
      acknowledge(
        deployment.handlerRole,
        wildcardResourceFinding(this, this.bucket.arnForObjects('*')),
        'the deployment writes (and prunes) every file of the built web app in the web bucket',
      );
    }
  }

  private globalDistribution(props: WebProps): Distribution {
    const stack = Stack.of(this);
    // Phones POST photos straight to S3 with a presigned POST, and show photos from presigned
    // URLs: allow regional S3 hosts. Naming the buckets would make them depend on this policy
    // while the uploads bucket's CORS rule depends on the distribution.
    const s3 = `https://*.s3.${stack.region}.${stack.urlSuffix}`;
    // The headers of infra/web-headers.ts (the local runtime sends the same), and Cache-Control:
    // hashed assets for a year, the app shell revalidated on every load.
    const headers = webSecurityHeaders([s3]);
    const webPolicy = (id: string, cacheControl: string) =>
      new ResponseHeadersPolicy(this, id, {
        comment: `Pingxuan web app: security headers, Cache-Control ${cacheControl}`,
        securityHeadersBehavior: {
          contentSecurityPolicy: {
            contentSecurityPolicy: headers['content-security-policy'] as string,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.seconds(HSTS_SECONDS),
            includeSubdomains: true,
            override: true,
          },
        },
        customHeadersBehavior: {
          customHeaders: [
            { header: 'Permissions-Policy', value: headers['permissions-policy'] as string, override: true },
            {
              header: 'Cross-Origin-Opener-Policy',
              value: headers['cross-origin-opener-policy'] as string,
              override: true,
            },
            { header: 'Cache-Control', value: cacheControl, override: true },
          ],
        },
      });
    const appShellHeaders = webPolicy('SecurityHeaders', CACHE_REVALIDATE);
    const hashedAssetHeaders = webPolicy('HashedAssetHeaders', CACHE_HASHED);
    // The API sets its own (stricter) headers; these only fill in what an answer of API Gateway
    // itself (a throttled 429) lacks, and never replace the function's.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Pingxuan API: security headers where the answer has none',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
          override: false,
        },
        contentTypeOptions: { override: false },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: false },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_SECONDS),
          includeSubdomains: true,
          override: false,
        },
      },
    });
    const appShell = new EdgeFunction(this, 'AppShell', {
      comment: 'Serve index.html for app routes (paths without a file extension)',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (r.uri.indexOf('.') === -1) { r.uri = '/index.html'; } return r; }",
      ),
    });
    const webOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const distribution = new Distribution(this, 'Distribution', {
      comment: 'Pingxuan web app and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: webOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appShellHeaders,
        functionAssociations: [{ function: appShell, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: webOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          // gzip and brotli at the edge, by the viewer's Accept-Encoding
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: hashedAssetHeaders,
        },
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
            customHeaders: originHeaders(props),
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // every viewer header but Host (API Gateway routes on its own), and CloudFront's
          // X-Forwarded-For with the viewer's address (CloudFront-Viewer-Address where included)
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
        },
      },
    });
    acknowledge(
      distribution,
      'AwsSolutions-CFR4',
      'served on the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes at ' +
        'TLSv1; TLSv1.2_2021 takes effect once a custom domain and certificate are attached',
    );
    this.acknowledgeEdgeFindings(distribution);
    return distribution;
  }

  private chinaDistribution(props: WebProps): IDistribution {
    const oai = new OriginAccessIdentity(this, 'OriginAccessIdentity', { comment: 'Pingxuan web app' });
    // Only GetObject: no listing, so a missing key is a 403 rather than an index of the bucket.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('*')],
        principals: [oai.grantPrincipal],
      }),
    );
    const cert = props.chinaDomain;
    const distribution = new CfnDistribution(this, 'Distribution', {
      distributionConfig: {
        enabled: true,
        comment: 'Pingxuan web app and API',
        defaultRootObject: 'index.html',
        aliases: cert ? [cert.domainName] : undefined,
        viewerCertificate: cert
          ? {
              iamCertificateId: cert.iamCertificateId,
              sslSupportMethod: 'sni-only',
              minimumProtocolVersion: 'TLSv1.2_2021',
            }
          : { cloudFrontDefaultCertificate: true },
        logging: { bucket: props.logBucket.bucketDomainName, prefix: 'cloudfront/', includeCookies: false },
        origins: [
          {
            id: 'web',
            domainName: this.bucket.bucketRegionalDomainName,
            s3OriginConfig: {
              originAccessIdentity: `origin-access-identity/cloudfront/${oai.originAccessIdentityId}`,
            },
          },
          {
            id: 'api',
            domainName: props.apiDomainName,
            customOriginConfig: { originProtocolPolicy: 'https-only', originSslProtocols: ['TLSv1.2'] },
            originCustomHeaders: Object.entries(originHeaders(props)).map(([headerName, headerValue]) => ({
              headerName,
              headerValue,
            })),
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: 'web',
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          compress: true,
          forwardedValues: { queryString: false, cookies: { forward: 'none' } },
        },
        cacheBehaviors: [
          {
            pathPattern: '/api/*',
            targetOriginId: 'api',
            viewerProtocolPolicy: 'https-only',
            allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            cachedMethods: ['GET', 'HEAD'],
            compress: true,
            // Everything the API reads, never Host (API Gateway routes on its own host name).
            forwardedValues: {
              queryString: true,
              // and the viewer's address, for the limits that count clients
              headers: [
                'Authorization',
                'Accept',
                'Accept-Language',
                'Content-Type',
                'Origin',
                'CloudFront-Viewer-Address',
              ],
              cookies: { forward: 'none' },
            },
            minTtl: 0,
            defaultTtl: 0,
            maxTtl: 0,
          },
        ],
      },
    });
    if (!cert) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR4',
        'no ICP domain configured yet (context webDomain and iamCertificateId): the default *.cloudfront.cn ' +
          'certificate cannot serve content in China; with the IAM certificate the minimum is TLSv1.2_2021',
      );
    }
    acknowledge(
      distribution,
      'AwsSolutions-CFR7',
      'Origin Access Control does not exist in the China regions; the S3 origin uses an Origin Access Identity',
    );
    this.acknowledgeEdgeFindings(distribution);
    return Distribution.fromDistributionAttributes(this, 'DistributionRef', {
      distributionId: distribution.ref,
      domainName: distribution.attrDomainName,
    });
  }

  private acknowledgeEdgeFindings(distribution: Construct): void {
    acknowledge(
      distribution,
      'AwsSolutions-CFR1',
      'the users are the officials of one city and its counties; access is by issued code and signed token, ' +
        'and geo blocking would only stop them while travelling',
    );
    acknowledge(
      distribution,
      'AwsSolutions-CFR2',
      'no WAF: the API is throttled at the stage and checks tokens in every handler; a CloudFront web ACL ' +
        'must live in us-east-1 and AWS WAF has no CloudFront scope in the China regions',
    );
  }
}
