/**
 * The evidence a reviewer judges, on the nomination's page for the county and the city office:
 * the photo of the posted unit-publicity notice and the three departments' stamped opinions,
 * each opened inline. Images show in place and open full screen on a tap (pinch to zoom on a
 * phone, 放大 on a desktop); PDFs show in a frame where the browser displays PDFs inline and are
 * otherwise a link that opens them in a new tab (most phone browsers). The links last five
 * minutes: an old one is fetched again before it is opened. Reading the scans is logged.
 */
import { useEffect, useState } from 'preact/hooks';
import type { NominationView } from '#shared/nomination';
import { opinionsOfView, opinionTitle } from '#shared/opinions';
import { call } from '../../api.ts';
import { failureOf } from '../Process/form.tsx';
import type { Scan } from '../Process/process-api.ts';

interface StoredScan extends Scan {
  kind?: 'image' | 'pdf';
  pages?: number;
}

/** The server's links live 300 s; fetch new ones a little before. */
const LINK_MS = 240_000;

/** The scans the record names: the notice of the publicity, each department's opinion. */
function named(view: NominationView): { label: string; scanId: string }[] {
  const p = view.process ?? {};
  const out: { label: string; scanId: string }[] = [];
  if (p.unitPublicity?.noticeScanId)
    out.push({ label: '单位公示张贴照片', scanId: p.unitPublicity.noticeScanId });
  for (const o of opinionsOfView(view)) {
    const id = p.opinions?.[o.id]?.scanId;
    if (id) out.push({ label: `${opinionTitle(o)}盖章扫描件`, scanId: id });
  }
  return out;
}

/** Whether this browser shows a PDF inside the page (desktop Chrome, Edge, Firefox, Safari). */
const inlinePdf = () =>
  (navigator as Navigator & { pdfViewerEnabled?: boolean }).pdfViewerEnabled === true &&
  !/Android|iPhone|iPad|Mobile/i.test(navigator.userAgent);

export function ScanGallery({ view }: { view: NominationView }) {
  const wanted = named(view);
  const key = wanted.map((w) => w.scanId).join();
  const [scans, setScans] = useState<{ at: number; list: StoredScan[] } | null>(null);
  const [error, setError] = useState('');
  const [full, setFull] = useState<{ url: string; label: string } | null>(null);
  const [zoom, setZoom] = useState(false);

  const load = () =>
    call<{ scans: StoredScan[] }>('GET', `/api/nominations/${view.id}/scans`).then(
      (r) => {
        const fresh = { at: Date.now(), list: r.scans };
        setScans(fresh);
        return fresh;
      },
      (e) => {
        setError(failureOf(e).message);
        return null;
      },
    );
  useEffect(() => {
    if (key) load();
  }, [key]);
  if (!wanted.length) return null;

  /** The scan's link, fetched again when the one on the page is about to expire. */
  const linkOf = async (scanId: string) => {
    const now = scans && Date.now() - scans.at < LINK_MS ? scans : await load();
    return now?.list.find((s) => s.scanId === scanId)?.url;
  };
  const zoomIn = async (scanId: string, label: string) => {
    const url = await linkOf(scanId);
    if (url) {
      setZoom(false);
      setFull({ url, label });
    }
  };
  /** A new tab needs the tap itself (no popup after a wait): an expired link is renewed, then tapped again. */
  const openPdf = (e: Event) => {
    if (scans && Date.now() - scans.at < LINK_MS) return;
    e.preventDefault();
    setError('');
    load().then((r) => r && setError('链接已更新，请再点一次“在新窗口打开 PDF”'));
  };

  return (
    <section class="scans" aria-labelledby="scans-title">
      <h3 id="scans-title">盖章扫描件和公示照片</h3>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {!scans && !error && <p class="loading">正在加载扫描件…</p>}
      <ul class="scan-list">
        {scans &&
          wanted.map(({ label, scanId }) => {
            const s = scans.list.find((x) => x.scanId === scanId);
            if (!s?.url) {
              return (
                <li key={scanId}>
                  <p class="sub">{label}</p>
                  <p class="hint">文件不可用</p>
                </li>
              );
            }
            const pdf = s.kind === 'pdf';
            return (
              <li key={scanId}>
                <p class="sub">
                  {label}
                  {pdf ? `（PDF${s.pages ? ` ${s.pages} 页` : ''}）` : ''}
                </p>
                {pdf ? (
                  <>
                    {inlinePdf() && <iframe class="scan-pdf" src={s.url} title={label} />}
                    <a href={s.url} target="_blank" rel="noopener noreferrer" onClick={openPdf}>
                      在新窗口打开 PDF
                    </a>
                  </>
                ) : (
                  <button
                    type="button"
                    class="scan-thumb"
                    aria-label={`放大查看${label}`}
                    onClick={() => zoomIn(scanId, label)}
                  >
                    <img src={s.url} alt={label} />
                  </button>
                )}
              </li>
            );
          })}
      </ul>
      {full && (
        <div class="overlay scan-full" role="dialog" aria-modal="true" aria-label={full.label}>
          <div class="scan-bar">
            <span>{full.label}</span>
            <button type="button" onClick={() => setZoom(!zoom)}>
              {zoom ? '适应屏幕' : '放大'}
            </button>
            <button type="button" class="primary" onClick={() => setFull(null)}>
              关闭
            </button>
          </div>
          <div class="scan-view">
            <img src={full.url} alt={full.label} class={zoom ? 'zoomed' : undefined} />
          </div>
        </div>
      )}
    </section>
  );
}
