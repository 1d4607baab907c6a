/**
 * What every upload processor does with S3: read the event, look at the raw upload before
 * reading it, keep the processed object under a new key in the records bucket, and delete the
 * raw upload. The checks themselves (photo.ts, scan.ts) know nothing of S3.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { now } from './clock.ts';
import type { ChangeContext } from './records.ts';
import { recordsBucket, s3, uploadsBucket } from './storage.ts';

/** Each object an S3 event names, with its key decoded the way S3 encodes it in events. */
export function createdObjects(event: S3Event): { key: string; requestId: string }[] {
  return event.Records.map((r) => ({
    key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
    requestId: r.responseElements?.['x-amz-request-id'] ?? 'event',
  }));
}

/** The audit context of a processor's verdicts. */
export function processorContext(name: string, requestId: string): ChangeContext {
  return { actor: { accountId: name, role: 'system' }, requestId, now: now().toISOString() };
}

/**
 * The raw upload's size, and its bytes when it is within `maxBytes`. The POST policy caps the
 * size in the cloud; the emulator does not, so look before reading. Null when the upload is gone
 * (a replayed event whose object a finished run or the bucket's expiry removed): nothing to judge.
 */
export async function readUpload(
  key: string,
  maxBytes: number,
): Promise<{ size: number; bytes: Uint8Array | null } | null> {
  const head = await s3()
    .send(new HeadObjectCommand({ Bucket: uploadsBucket(), Key: key }))
    .catch((e: { name?: string }) => {
      if (e.name === 'NotFound' || e.name === 'NoSuchKey') return null;
      throw e;
    });
  if (!head) return null;
  const size = head.ContentLength ?? 0;
  if (size > maxBytes) return { size, bytes: null };
  const out = await s3().send(new GetObjectCommand({ Bucket: uploadsBucket(), Key: key }));
  return { size, bytes: out.Body ? await out.Body.transformToByteArray() : new Uint8Array() };
}

/** Delete the raw upload, whatever the verdict: nothing carrying GPS or document metadata is kept. */
export async function discardUpload(key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: uploadsBucket(), Key: key }));
}

/**
 * Keep a processed object in the records bucket (a new key per version, never overwritten).
 * Returns S3's version id of what was written (the bucket is versioned in the cloud; the
 * emulator has none): links are signed for that version, so they serve exactly these bytes.
 */
export async function keepRecord(
  key: string,
  body: Uint8Array,
  contentType: string,
  sha256: string,
): Promise<string | undefined> {
  const out = await s3().send(
    new PutObjectCommand({
      Bucket: recordsBucket(),
      Key: key,
      Body: body,
      ContentType: contentType,
      Metadata: { sha256 },
    }),
  );
  return out.VersionId;
}
