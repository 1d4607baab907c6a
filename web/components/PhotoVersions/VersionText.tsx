/**
 * The text beside one stored upload (a photo or a stamped scan): what and when, the verdict and
 * its reason, the facts of the file, and its fingerprint.
 */
import type { ComponentChildren } from 'preact';
import { dateTime } from '../../format.ts';
import { PHOTO_STATUS_LABELS } from '../Auditor/auditor.ts';

export const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

export function VersionText(props: {
  title: ComponentChildren;
  uploadedAt: string;
  status: keyof typeof PHOTO_STATUS_LABELS;
  reason?: string | undefined;
  /** Size, dimensions, when it was checked …; empty ones are left out. */
  facts: string[];
  sha256?: string | undefined;
}) {
  const { status, sha256 } = props;
  return (
    <div class="version-text">
      <p>
        <strong>{props.title}</strong> · {dateTime(props.uploadedAt)}
      </p>
      <p>
        <span class={`badge ${status === 'accepted' ? 'good' : status === 'refused' ? 'bad' : ''}`}>
          {PHOTO_STATUS_LABELS[status]}
        </span>
        {props.reason ? ` ${props.reason}` : ''}
      </p>
      <p class="sub">{props.facts.filter(Boolean).join(' · ')}</p>
      {sha256 && (
        <p class="sub">
          SHA-256{' '}
          <span class="mono" title={sha256}>
            {sha256.slice(0, 16)}…
          </span>
        </p>
      )}
    </div>
  );
}
