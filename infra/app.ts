/**
 * The CDK app (cdk.json runs it with tsx). One stack, `Pingxuan`, in the region from context:
 *   npx cdk synth                          # ap-northeast-1
 *   npx cdk synth -c region=cn-north-1     # AWS China (Beijing); cn-northwest-1 works too
 * Other context: sharpLayerArn (a published sharp layer instead of the one built in .build/),
 * recordsRetentionDays (Object Lock governance retention, default 0 = off), tableName (an
 * existing table, restored by npm run restore:cloud), and for China webDomain + iamCertificateId
 * (the ICP-registered domain and its IAM server certificate). `npm run deploy` sets them all.
 * web/dist, when built, is uploaded to the web bucket. cdk-nag's AwsSolutions checks and
 * CloudFormation Validate run on every synth; an unacknowledged finding fails it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PingxuanStack, propsFromContext } from './stack.ts';

const webDist = fileURLToPath(new URL('../web/dist', import.meta.url));

const app = new App();
new PingxuanStack(app, 'Pingxuan', {
  ...propsFromContext(app),
  webAssets: existsSync(webDist) ? webDist : undefined,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
