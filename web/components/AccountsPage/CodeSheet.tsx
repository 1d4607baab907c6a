/**
 * The codes just issued, shown this once: per account its name, region, code and a QR code of
 * the login link (<origin>/#/login/<code>, which fills in the login form). The QR encoder
 * arrives in a chunk of its own.
 *
 * Printing: a copy of the cards is rendered straight under <body> (`.print-sheet`), and the print
 * rules (admin.css) show only that copy, so nothing hidden still takes room and no blank page
 * follows. One card per account, CARDS_PER_PAGE to an A4 page (2 × 4, each page its own block),
 * a code never broken across lines.
 */
import { type ComponentChildren, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ROLE_LABELS } from '#shared/roles';
import type { Issued } from '../Admin/admin-api.ts';

type Encoder = typeof import('qrcode-generator');
let encoder: Encoder | undefined;

export const loginLink = (code: string) => `${location.origin}/#/login/${code}`;

/** The QR code as one SVG path: dark modules as unit squares, a 4-module quiet zone. */
function Qr({ qr, text }: { qr: Encoder; text: string }) {
  const q = qr(0, 'M');
  q.addData(text);
  q.make();
  const n = q.getModuleCount();
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (q.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  return (
    <svg
      class="qr"
      viewBox={`0 0 ${n + 8} ${n + 8}`}
      role="img"
      aria-label={`登录二维码：${text}`}
      shape-rendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

/** Cards on one printed A4 page: two columns of four (93 × 66 mm each within 12 mm margins). */
export const CARDS_PER_PAGE = 8;

function Card({
  issued: { account, code },
  regionName,
  qr,
}: {
  issued: Issued;
  regionName: (id?: string) => string;
  qr?: Encoder;
}) {
  return (
    <div class="code-card">
      <div class="code-text">
        <p class="code-name">
          <strong>{account.name}</strong>
        </p>
        <p class="meta">
          {ROLE_LABELS[account.role]}
          {account.regionId ? ` · ${regionName(account.regionId)}` : ''}
        </p>
        <p>
          登录码：<span class="code">{code}</span>
        </p>
      </div>
      {qr && <Qr qr={qr} text={loginLink(code)} />}
    </div>
  );
}

/** The printed copy: the cards in pages of CARDS_PER_PAGE. */
function PrintPages({ children }: { children: ComponentChildren[] }) {
  const pages: ComponentChildren[][] = [];
  for (let i = 0; i < children.length; i += CARDS_PER_PAGE) pages.push(children.slice(i, i + CARDS_PER_PAGE));
  return (
    <>
      {pages.map((cards, i) => (
        <div class="print-page" key={i}>
          {cards}
        </div>
      ))}
    </>
  );
}

export function CodeSheet({
  issued,
  regionName,
  onClose,
}: {
  issued: Issued[];
  regionName: (id?: string) => string;
  onClose: () => void;
}) {
  const [qr, setQr] = useState(() => encoder);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!encoder)
      import('qrcode-generator').then(
        (m) => {
          encoder = ((m as { default?: Encoder }).default ?? m) as Encoder;
          setQr(() => encoder);
        },
        () => setFailed(true),
      );
  }, []);
  // The copy that prints, straight under <body>; gone with the sheet.
  useEffect(() => {
    const host = document.createElement('div');
    host.className = 'print-sheet';
    document.body.appendChild(host);
    render(
      <PrintPages>
        {issued.map((i) => (
          <Card key={i.account.accountId} issued={i} regionName={regionName} qr={qr} />
        ))}
      </PrintPages>,
      host,
    );
    return () => {
      render(null, host);
      host.remove();
    };
  }, [issued, qr]);
  return (
    <section class="card code-sheet" aria-labelledby="codes-title">
      <h2 id="codes-title">登录码（仅显示这一次）</h2>
      <p class="hint no-print">
        请立即打印或抄录并分发；关闭后无法再次查看，只能重新签发。扫描二维码可打开登录页并填好登录码。
      </p>
      <p class="no-print">
        <button type="button" class="primary" onClick={() => window.print()}>
          打印（A4）
        </button>{' '}
        <button type="button" onClick={onClose}>
          已保存，关闭
        </button>
      </p>
      {failed && <p class="err no-print">二维码组件加载失败，登录码仍可抄录</p>}
      <div class="codes">
        {issued.map((i) => (
          <Card key={i.account.accountId} issued={i} regionName={regionName} qr={qr} />
        ))}
      </div>
    </section>
  );
}
