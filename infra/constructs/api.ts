import { Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../functions/routes.ts';
import { LOG_RETENTION } from './function.ts';
import { acknowledge } from './nag.ts';

export interface ApiProps {
  /**
   * An origin known at synth time (a custom web domain) that browsers may call the API from
   * directly. With the default CloudFront domain there is none: the web app calls /api/* on its
   * own origin through CloudFront, so browsers never preflight, and a CORS rule naming the
   * distribution would make the API depend on the distribution that depends on the API.
   */
  corsOrigin?: string;
}

/** One JSON line per request, for CloudWatch Logs Insights queries during an audit. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    route: '$context.routeKey',
    status: '$context.status',
    bytes: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/** The HTTP API: access-logged, throttled, one route per entry of functions/routes.ts. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  /** Host name of the execute-api endpoint, for CloudFront's /api/* origin. */
  readonly domainName: string;

  constructor(scope: Construct, id: string, props: ApiProps = {}) {
    super(scope, id);
    const stack = Stack.of(this);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: stack.stackName,
      description: 'Pingxuan API',
      createDefaultStage: false,
      corsPreflight: props.corsOrigin
        ? {
            allowOrigins: [props.corsOrigin],
            allowMethods: [
              CorsHttpMethod.GET,
              CorsHttpMethod.POST,
              CorsHttpMethod.PATCH,
              CorsHttpMethod.PUT,
              CorsHttpMethod.DELETE,
            ],
            allowHeaders: ['authorization', 'content-type'],
            maxAge: Duration.days(1),
          }
        : undefined,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });
    this.domainName = `${this.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
    acknowledge(
      this.httpApi,
      'AwsSolutions-APIG4',
      'authentication and role checks are done by every handler with signed tokens; see functions/routes.ts',
    );
  }

  /** Route `METHOD path` to `fn` (Lambda proxy, payload format 2.0). */
  addRoute(route: HttpRoute, fn: IFunction): void {
    this.httpApi.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${route.id}Integration`, fn, {
        payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
      }),
    });
  }
}
