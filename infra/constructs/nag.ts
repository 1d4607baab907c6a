/**
 * cdk-nag acknowledgements. cdk-nag 3 has no `NagSuppressions`; findings are acknowledged with
 * CDK's own `Validations.of(scope).acknowledge`, which cdk-nag reads from the construct tree.
 * An acknowledgement covers the scope and everything below it, so put it on the narrowest
 * construct, and name the exact finding (`AwsSolutions-IAM5[Resource::…]`) for wildcards.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** Acknowledge one cdk-nag finding on `scope`; the reason is required and ends up in the cloud assembly. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (!reason.trim())
    throw new Error(`cdk-nag acknowledgement of ${id} on ${scope.node.path} needs a reason`);
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The `AwsSolutions-IAM5[Resource::…]` finding id for a policy resource, flattened the way cdk-nag
 * flattens it (`<LogicalId.Arn>/photos/*`), so the acknowledgement names exactly that resource.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['Fn::Join'])) {
      const [delimiter, items] = o['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      const [resource, attribute] = o['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if ('Fn::Sub' in o) return flatten(o['Fn::Sub']);
    if ('Ref' in o) return `<${flatten(o.Ref)}>`;
  }
  return JSON.stringify(node);
}

/**
 * Why each finding on the helper functions that aws-cdk-lib adds to the stack is acceptable.
 * Their roles and code are CDK's; the asset-bucket ARN in their findings changes with the
 * partition and region, so the findings are read from the helper's policies, and only those
 * matching a reason below are acknowledged: anything new still fails the synth.
 */
const HELPER_REASONS: readonly { helper: RegExp; finding: RegExp; reason: string }[] = [
  {
    helper: /^(Custom::CDKBucketDeployment|BucketNotificationsHandler)/,
    finding:
      /^AwsSolutions-IAM4\[Policy::arn:(<AWS::Partition>|aws[a-z-]*):iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    reason:
      'CDK helper function (bucket deployment / S3 notifications) logs through the AWS-managed basic execution policy',
  },
  {
    helper: /^Custom::CDKBucketDeployment/,
    finding: /^AwsSolutions-IAM5\[Action::s3:(GetBucket|GetObject|List|DeleteObject|Abort)\*\]$/,
    reason:
      'CDK BucketDeployment reads the web app zip from the CDK asset bucket and replaces the site files (prune)',
  },
  {
    helper: /^Custom::CDKBucketDeployment/,
    finding:
      /^AwsSolutions-IAM5\[Resource::arn:(<AWS::Partition>|aws[a-z-]*):s3:::cdk-[a-z0-9]+-assets-.+\/\*\]$/,
    reason: 'CDK BucketDeployment reads the uploaded web app from the CDK bootstrap asset bucket',
  },
  {
    helper: /^Custom::CDKBucketDeployment/,
    finding: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    reason:
      'CDK BucketDeployment invalidates the distribution after a deploy; CDK grants cloudfront:CreateInvalidation on *',
  },
  {
    helper: /^Custom::CDKBucketDeployment/,
    finding: /^AwsSolutions-L1$/,
    reason: 'the Python runtime of CDK BucketDeployment is chosen by aws-cdk-lib and moves with it',
  },
];

/** Acknowledge the known findings on the helper functions aws-cdk-lib adds to `stack`. */
export function acknowledgeCdkHelpers(stack: Stack): void {
  for (const helper of stack.node.children) {
    const reasons = HELPER_REASONS.filter((r) => r.helper.test(helper.node.id));
    if (reasons.length === 0) continue;
    for (const finding of helperFindings(stack, helper)) {
      const known = reasons.find((r) => r.finding.test(finding));
      if (known) acknowledge(helper, finding, known.reason);
    }
  }
}

/** The IAM4/IAM5/L1 findings cdk-nag can raise on a helper, spelled as cdk-nag spells them. */
function helperFindings(stack: Stack, helper: IConstruct): Set<string> {
  const findings = new Set<string>(['AwsSolutions-L1']);
  for (const node of helper.node.findAll()) {
    if (node instanceof CfnRole) {
      for (const arn of (stack.resolve(node.managedPolicyArns) as unknown[] | undefined) ?? []) {
        findings.add(`AwsSolutions-IAM4[Policy::${flatten(arn)}]`);
      }
    }
    if (node instanceof CfnPolicy) {
      const document = stack.resolve(node.policyDocument) as { Statement?: PolicyStatementJson[] };
      for (const statement of document.Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of [statement.Action].flat()) {
          if (typeof action === 'string' && action.includes('*'))
            findings.add(`AwsSolutions-IAM5[Action::${action}]`);
        }
        for (const resource of [statement.Resource].flat()) {
          const flat = flatten(resource);
          if (flat.includes('*')) findings.add(`AwsSolutions-IAM5[Resource::${flat}]`);
        }
      }
    }
  }
  return findings;
}

interface PolicyStatementJson {
  Effect?: string;
  Action?: unknown;
  Resource?: unknown;
}
