/**
 * The headers the web app is served with, once for both places that serve it: CloudFront's
 * response-headers policies (infra/constructs/web.ts) and the local runtime (infra/local/web-static.ts).
 *
 * What the built app needs (web/index.html and the Vite output): its own module scripts and
 * lazy chunks, its own stylesheet (Preact sets `style` through the CSSOM, which style-src does
 * not govern), images from blob: (the photo cropper previews the chosen file) and data:, and
 * XHR POSTs of photos and scans straight to S3 with presigned POSTs, whose answers and the
 * presigned photo URLs come from the same S3 host. Nothing inline, no eval, no frames.
 */

/** `Cache-Control` of content-hashed files under /assets/: a new build has new names. */
export const CACHE_HASHED = 'public, max-age=31536000, immutable';
/** `Cache-Control` of everything else (index.html): revalidate every time, so a deploy shows at once. */
export const CACHE_REVALIDATE = 'no-cache';

/** The photo input may open the camera (`capture`); nothing else the browser offers is used. */
export const PERMISSIONS_POLICY =
  'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), display-capture=(), interest-cohort=()';

/** Two years, subdomains included: the app is only ever served over HTTPS in the cloud. */
export const HSTS_SECONDS = 63072000;

/** The Content-Security-Policy, given the S3 origins the browser uploads to and loads photos from. */
export function contentSecurityPolicy(s3Origins: readonly string[]): string {
  const s3 = s3Origins.length ? ` ${s3Origins.join(' ')}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self'",
    `img-src 'self' blob: data:${s3}`,
    `connect-src 'self'${s3}`,
    "manifest-src 'self'",
    `form-action 'self'${s3}`,
    "base-uri 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every security header of the web app, by (lower-case) name, as CloudFront sends them. */
export function webSecurityHeaders(s3Origins: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(s3Origins),
    'strict-transport-security': `max-age=${HSTS_SECONDS}; includeSubDomains`,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'permissions-policy': PERMISSIONS_POLICY,
    'cross-origin-opener-policy': 'same-origin',
  };
}
