/**
 * Which browser origins are the web app's: WEB_ORIGIN (CloudFront's domain in the cloud, the
 * address `npm start` prints locally) and, locally only, WEB_ORIGIN_ALIASES: the same app
 * opened under another address of the same server (127.0.0.1 while links are signed for the
 * LAN address). The API and the local S3 gate answer CORS for these and for no other.
 */
import { optionalEnv } from './config.ts';

export function isWebOrigin(origin: string): boolean {
  const allowed = [optionalEnv('WEB_ORIGIN'), ...(optionalEnv('WEB_ORIGIN_ALIASES') ?? '').split(',')];
  return allowed.some((a) => a && a.trim() === origin);
}
