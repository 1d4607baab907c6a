import { Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type { IConstruct } from 'constructs';

/**
 * Whether the stack deploys to AWS China (aws-cn). Some features differ there (CloudFront OAC,
 * cache and response-headers policies, CloudFront Functions, Lambda X-Ray), so the stack needs a
 * concrete region at synth time; ARNs still use the partition token, never a literal.
 */
export function isChina(scope: IConstruct): boolean {
  const { region } = Stack.of(scope);
  if (Token.isUnresolved(region)) {
    throw new Error('Pingxuan needs a concrete region (env.region): the China partition differs');
  }
  return RegionInfo.get(region).partition === 'aws-cn';
}
