/**
 * S3 access for handlers: one client per cold start. Presigned POSTs are signed for the
 * address a browser can reach: S3 itself in the cloud, or S3_PUBLIC_ENDPOINT when the local
 * runtime serves the emulator through its own port (so a phone on the LAN can upload).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { optionalEnv, requireEnv } from './config.ts';
import { traced } from './observability.ts';

let client: S3Client | undefined;
let publicClient: S3Client | undefined;

export function s3(): S3Client {
  client ??= traced(new S3Client({ forcePathStyle: !!optionalEnv('AWS_ENDPOINT_URL_S3') }));
  return client;
}

/** The client whose endpoint goes into URLs handed to browsers. */
export function s3ForBrowsers(): S3Client {
  const endpoint = optionalEnv('S3_PUBLIC_ENDPOINT');
  if (!endpoint) return s3();
  publicClient ??= new S3Client({ endpoint, forcePathStyle: true });
  return publicClient;
}

export const uploadsBucket = () => requireEnv('UPLOADS_BUCKET');
export const recordsBucket = () => requireEnv('RECORDS_BUCKET');
export const exportsBucket = () => requireEnv('EXPORTS_BUCKET');

/** Where a phone uploads a nomination's photo: the server picks the key, never the client. */
export const photoUploadKey = (nominationId: string, photoId: string) => `photos/${nominationId}/${photoId}`;

/** Where the processed, normalised photo is kept: a new key per version, never overwritten. */
export const photoRecordKey = (campaignId: string, nominationId: string, photoId: string) =>
  `photos/${campaignId}/${nominationId}/${photoId}.jpg`;

/** The nomination and photo an upload key names, or null for a key we did not hand out. */
export function parsePhotoUploadKey(key: string): { nominationId: string; photoId: string } | null {
  const m = /^photos\/([0-9A-HJKMNP-TV-Z]{26})\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return m ? { nominationId: m[1] as string, photoId: m[2] as string } : null;
}

/** Where a phone uploads a stamped scan (photo or PDF): the server picks the key, never the client. */
export const scanUploadKey = (nominationId: string, scanId: string) => `scans/${nominationId}/${scanId}`;

/** Where the processed scan is kept: a new key per upload, never overwritten. */
export const scanRecordKey = (
  campaignId: string,
  nominationId: string,
  scanId: string,
  extension: 'jpg' | 'pdf',
) => `scans/${campaignId}/${nominationId}/${scanId}.${extension}`;

/** The nomination and scan an upload key names, or null for a key we did not hand out. */
export function parseScanUploadKey(key: string): { nominationId: string; scanId: string } | null {
  const m = /^scans\/([0-9A-HJKMNP-TV-Z]{26})\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key);
  return m ? { nominationId: m[1] as string, scanId: m[2] as string } : null;
}
