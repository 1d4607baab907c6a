/**
 * Every stamped scan of a nomination (the posted notice, the departments' opinions), newest
 * first: each upload is its own stored object, never overwritten. Its purpose, date, verdict
 * and reason, size and fingerprint, and for an accepted one its file through a short-lived link.
 */
import { dateTime } from '../../format.ts';
import type { ScanRecord } from '../Auditor/audit-api.ts';
import { SCAN_LABELS } from '../Auditor/auditor.ts';
import { kb, VersionText } from '../PhotoVersions/VersionText.tsx';

export function ScanVersions({ scans }: { scans: ScanRecord[] }) {
  return (
    <section class="card" aria-labelledby="scans-title">
      <h2 id="scans-title">盖章扫描件（{scans.length} 份）</h2>
      <p class="hint">每次上传单独保存，不会被覆盖。</p>
      <ol class="versions">
        {scans.map((s) => (
          <li class="version" key={s.scanId}>
            {s.url && s.kind === 'image' ? (
              <a href={s.url} target="_blank" rel="noopener noreferrer" class="thumb">
                <img src={s.url} alt={SCAN_LABELS[s.purpose] ?? s.purpose} width={70} height={98} />
              </a>
            ) : s.url ? (
              <a href={s.url} target="_blank" rel="noopener noreferrer" class="thumb none">
                打开 PDF
              </a>
            ) : (
              <span class="thumb none" aria-hidden="true">
                {s.status === 'pending' ? '检查中' : '无预览'}
              </span>
            )}
            <VersionText
              title={SCAN_LABELS[s.purpose] ?? s.purpose}
              uploadedAt={s.uploadedAt}
              status={s.status}
              reason={s.reason}
              facts={[
                s.kind === 'pdf' ? `PDF${s.pages ? ` ${s.pages} 页` : ''}` : s.kind === 'image' ? '图片' : '',
                s.bytes ? kb(s.bytes) : '',
                s.processedAt ? `检查于 ${dateTime(s.processedAt)}` : '',
              ]}
              sha256={s.sha256}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
