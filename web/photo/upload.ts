/**
 * The presigned POST straight to S3: every field the API handed out first, the file last as
 * `file`. XMLHttpRequest because fetch cannot report upload progress.
 */
import { ApiFailure, OFFLINE_MESSAGE, type PhotoUploadGrant } from '../api.ts';

export function postToStorage(
  grant: PhotoUploadGrant,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const name of Object.keys(grant.upload.fields))
      body.append(name, grant.upload.fields[name] as string);
    body.append('file', file, 'photo.jpg');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', grant.upload.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new ApiFailure(xhr.status, 'upload_failed', `照片上传失败（${xhr.status}），请重试`));
    };
    xhr.onerror = () => reject(new ApiFailure(0, 'network', OFFLINE_MESSAGE));
    xhr.ontimeout = xhr.onerror;
    xhr.timeout = 120_000;
    xhr.send(body);
  });
}
