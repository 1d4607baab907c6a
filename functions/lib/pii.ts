/**
 * Envelope encryption of personal data (ID numbers) at rest. Each value is sealed with
 * AES-256-GCM under a data key, and the data key is stored beside it wrapped by a master key:
 * a KMS key in the cloud (PII_KEY_ID), a local key file on the embedded stack (PII_KEY_FILE).
 * One data key is made per cold start; unwrapped keys are cached per function instance. Only
 * successes are kept: a failed KMS call is tried again by the next request, and it is a 503
 * (ServiceUnavailableError), never a stored failure for the life of the container.
 * The record's id is bound in as additional data, so a sealed value cannot be moved to
 * another record.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ServiceUnavailableError } from '#shared/errors';
import { cacheSuccess, cacheSuccessByKey } from './cache-success.ts';
import { optionalEnv } from './config.ts';
import { traced } from './observability.ts';

/** A sealed value as stored. */
export interface Sealed {
  v: 1;
  /** The wrapped data key (base64) and which master key wrapped it. */
  edk: string;
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

interface MasterKey {
  id: string;
  newDataKey(): Promise<{ plain: Buffer; wrapped: string }>;
  unwrap(wrapped: string): Promise<Buffer>;
}

/**
 * A failed call to the key's service, as the client sees it: try again shortly. A wrapped key
 * that does not open (KMS's InvalidCiphertextException, a failed GCM tag locally) is no outage
 * but altered data: it stays an error of its own, which no retry mends.
 */
function unavailable<T>(load: Promise<T>): Promise<T> {
  return load.catch((cause) => {
    const altered =
      (cause as { name?: string })?.name === 'InvalidCiphertextException' ||
      /unable to authenticate data/.test(String(cause));
    if (altered) throw cause;
    throw Object.assign(new ServiceUnavailableError(), { cause });
  });
}

const masterKey = cacheSuccess(() => unavailable(loadMasterKey()));
const dataKey = cacheSuccess(async () => unavailable((await masterKey()).newDataKey()));
const unwrappedKey = cacheSuccessByKey(async (edk) => unavailable((await masterKey()).unwrap(edk)));

async function loadMasterKey(): Promise<MasterKey> {
  const kmsKeyId = optionalEnv('PII_KEY_ID');
  if (kmsKeyId) {
    const { KMSClient, GenerateDataKeyCommand, DecryptCommand } = await import('@aws-sdk/client-kms');
    const kms = traced(new KMSClient({}));
    return {
      id: kmsKeyId,
      async newDataKey() {
        const out = await kms.send(new GenerateDataKeyCommand({ KeyId: kmsKeyId, KeySpec: 'AES_256' }));
        if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
        return {
          plain: Buffer.from(out.Plaintext),
          wrapped: Buffer.from(out.CiphertextBlob).toString('base64'),
        };
      },
      async unwrap(wrapped) {
        const out = await kms.send(
          new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64'), KeyId: kmsKeyId }),
        );
        if (!out.Plaintext) throw new Error('KMS could not unwrap a data key');
        return Buffer.from(out.Plaintext);
      },
    };
  }
  const file = optionalEnv('PII_KEY_FILE');
  if (!file) throw new Error('missing environment variable PII_KEY_ID or PII_KEY_FILE');
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error('the local PII key must be 32 bytes (base64)');
  return {
    id: 'local',
    async newDataKey() {
      const plain = randomBytes(32);
      return { plain, wrapped: seal(key, plain, 'data-key').toString('base64') };
    },
    async unwrap(wrapped) {
      return open(key, Buffer.from(wrapped, 'base64'), 'data-key');
    },
  };
}

function seal(key: Buffer, plain: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function open(key: Buffer, box: Buffer, aad: string): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, box.subarray(0, 12)).setAAD(Buffer.from(aad));
  d.setAuthTag(box.subarray(12, 28));
  return Buffer.concat([d.update(box.subarray(28)), d.final()]);
}

/** Seal a value for a record. */
export async function sealPii(text: string, recordId: string): Promise<Sealed> {
  const m = await masterKey();
  const { plain, wrapped } = await dataKey();
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', plain, iv).setAAD(Buffer.from(recordId));
  const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return {
    v: 1,
    edk: wrapped,
    kid: m.id,
    iv: iv.toString('base64'),
    ct: ct.toString('base64'),
    tag: c.getAuthTag().toString('base64'),
  };
}

/** Open a value sealed for this record; throws if it was altered or belongs to another record. */
export async function openPii(sealed: Sealed, recordId: string): Promise<string> {
  const key = await unwrappedKey(sealed.edk);
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64')).setAAD(
    Buffer.from(recordId),
  );
  d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([d.update(Buffer.from(sealed.ct, 'base64')), d.final()]).toString('utf8');
}
