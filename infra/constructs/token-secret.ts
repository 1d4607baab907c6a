import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

/** The key that signs access tokens (jose, HS256); handlers read it once per cold start. */
export class TokenSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Pingxuan access-token signing key',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'rotation is not implemented yet: rotating the key logs everyone out, so it needs a two-key ' +
        'overlap in functions/lib first; tokens are short-lived and the secret is readable only by the API roles',
    );
  }
}
