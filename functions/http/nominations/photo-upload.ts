/**
 * POST /api/nominations/{id}/photo — hand the phone a presigned POST for a new photo version.
 * The server picks the key; the policy fixes the size range and the content type. The upload
 * is untrusted until the processor has checked it.
 */
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { ulid } from 'ulid';
import { httpRoute } from '#lib/http';
import { startPhotoUpload } from '#lib/nominations';
import { photoUploadKey, s3ForBrowsers, uploadsBucket } from '#lib/storage';
import { photoUploadBody } from '#shared/api';
import { UPLOAD_MAX_BYTES } from '#shared/photo-rules';

const EXPIRES_SECONDS = 10 * 60;

export const handler = httpRoute(
  'requestPhotoUpload',
  { body: photoUploadBody },
  async ({ principal, params, body, change }) => {
    const id = params.id as string;
    const photoId = ulid();
    const key = photoUploadKey(id, photoId);
    // Signed before anything is written, so a failure here leaves no pending version behind.
    const upload = await createPresignedPost(s3ForBrowsers(), {
      Bucket: uploadsBucket(),
      Key: key,
      Conditions: [
        ['content-length-range', 1, UPLOAD_MAX_BYTES],
        ['eq', '$Content-Type', body.contentType],
      ],
      Fields: { 'Content-Type': body.contentType },
      Expires: EXPIRES_SECONDS,
    });
    await startPhotoUpload(principal, id, photoId, change);
    return {
      statusCode: 201,
      body: { photoId, upload: { url: upload.url, fields: upload.fields }, maxBytes: UPLOAD_MAX_BYTES },
    };
  },
);
