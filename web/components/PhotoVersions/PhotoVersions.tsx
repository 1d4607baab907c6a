/**
 * Every upload of a nominee's photo, newest first. Each upload is its own stored object, never
 * overwritten: its date, verdict and reason, its size and fingerprint, and for an accepted one
 * a thumbnail through its short-lived link.
 */
import type { PhotoVersion } from '#shared/nomination';
import { dateTime } from '../../format.ts';
import { kb, VersionText } from './VersionText.tsx';

export function PhotoVersions({ photos }: { photos: PhotoVersion[] }) {
  return (
    <section class="card" aria-labelledby="versions-title">
      <h2 id="versions-title">照片历次上传（{photos.length} 次）</h2>
      <p class="hint">每次上传单独保存，不会被覆盖。</p>
      {photos.length === 0 && <p class="empty">尚未上传照片。</p>}
      <ol class="versions">
        {photos.map((p, i) => (
          <li class="version" key={p.photoId}>
            {p.url ? (
              <a href={p.url} target="_blank" rel="noopener noreferrer" class="thumb">
                <img src={p.url} alt={`第 ${photos.length - i} 次上传的照片`} width={70} height={98} />
              </a>
            ) : (
              <span class="thumb none" aria-hidden="true">
                {p.status === 'pending' ? '审核中' : '无预览'}
              </span>
            )}
            <VersionText
              title={`第 ${photos.length - i} 次`}
              uploadedAt={p.uploadedAt}
              status={p.status}
              reason={p.reason}
              facts={[
                p.width && p.height ? `${p.width}×${p.height} 像素` : '',
                p.bytes ? kb(p.bytes) : '',
                p.processedAt ? `审核于 ${dateTime(p.processedAt)}` : '',
              ]}
              sha256={p.sha256}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
