/**
 * The nominee's ID photo, by the campaign's rules (a 2-inch blue one at 35:49 for Puyang, a 1-inch
 * white one for the Qingfeng example): pick or take one, frame it, upload the JPEG straight to
 * storage with a progress bar, then wait (polling about once a second, up to a minute) for the
 * server's verdict, shown in the status region. Earlier uploads are listed below.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { NominationView, PhotoStatus } from '#shared/nomination';
import { BACKGROUND_NAMES, type PhotoCampaign, photoRulesOf } from '#shared/photo-rules';
import { ApiFailure, getNomination, requestPhotoUpload } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { baseCrop, type Crop, isLargeEnough, outputSize } from '../../photo/crop.ts';
import { decodePhoto, renderCrop, rotateQuarter, toJpeg } from '../../photo/image.ts';
import { postToStorage } from '../../photo/upload.ts';
import { PhotoCropper } from '../PhotoCropper/PhotoCropper.tsx';
import './style.ts';
import '../Lazy/style.ts';

const STATUS: Record<PhotoStatus, string> = { pending: '审核中', accepted: '已通过', refused: '未通过' };
const POLL_MS = 1000;
const POLL_TRIES = 60;

interface Props {
  /** The saved nomination; null while the draft has not reached the server yet. */
  view: NominationView | null;
  /** A fresher copy of the nomination read while waiting for the verdict. */
  onView?: (view: NominationView) => void;
  /** The campaign, whose definition says which photo it wants. */
  campaign: PhotoCampaign;
}

type Phase = 'idle' | 'decoding' | 'crop' | 'upload' | 'check' | 'slow';

export function PhotoPanel({ view, onView, campaign }: Props) {
  const rules = photoRulesOf(campaign);
  const [latest, setLatest] = useState(view);
  const [image, setImage] = useState<HTMLCanvasElement | null>(null);
  const [crop, setCrop] = useState<Crop | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [note, setNote] = useState('');
  const fileRef = useRef<HTMLInputElement>(null);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const current = latest && view && latest.updatedAt >= view.updatedAt ? latest : view;
  const id = view?.id;

  const waitForVerdict = async (photoId: string) => {
    setPhase('check');
    for (let i = 0; i < POLL_TRIES && alive.current; i++) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      try {
        const fresh = await getNomination(id as string);
        if (!alive.current) return;
        setLatest(fresh);
        onView?.(fresh);
        if (fresh.photo?.photoId === photoId && fresh.photo.status !== 'pending') {
          setPhase('idle');
          return;
        }
      } catch (e) {
        // A dropped connection or a server hiccup: keep asking. A refusal (4xx): say why and stop.
        if (e instanceof ApiFailure && e.status >= 400 && e.status < 500) {
          setNote(e.message);
          break;
        }
      }
    }
    if (alive.current) setPhase('slow');
  };

  // A photo still being checked when the page opens: keep watching it.
  useEffect(() => {
    if (view?.photo?.status === 'pending') waitForVerdict(view.photo.photoId);
  }, []);

  const choose = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setNote('');
    setPhase('decoding');
    try {
      const img = await decodePhoto(file);
      if (!isLargeEnough(img, rules)) {
        setNote(
          `照片像素太低（至少需要 ${rules.pixels.width}×${rules.pixels.height}），请换一张更清晰的照片`,
        );
        setPhase('idle');
        return;
      }
      setImage(img);
      setCrop(baseCrop(img, rules));
      setPhase('crop');
    } catch {
      setNote('无法读取这张照片，请选择 JPG 或 PNG 格式的照片');
      setPhase('idle');
    }
  };

  const rotate = () => {
    if (!image) return;
    const turned = rotateQuarter(image);
    setImage(turned);
    setCrop(baseCrop(turned, rules));
  };

  const upload = async () => {
    if (!image || !crop || !id) return;
    setNote('');
    setProgress(0);
    setPhase('upload');
    try {
      const blob = await toJpeg(renderCrop(image, crop, outputSize(rules)));
      const grant = await requestPhotoUpload(id);
      if (blob.size > grant.maxBytes) throw new ApiFailure(413, 'too_large', '照片文件过大，请缩小后重试');
      await postToStorage(grant, blob, (f) => setProgress(Math.round(f * 100)));
      setImage(null);
      await waitForVerdict(grant.photoId);
    } catch (e) {
      setNote(e instanceof ApiFailure ? e.message : '照片处理失败，请重试');
      setPhase('crop');
    }
  };

  const again = () => {
    setImage(null);
    setPhase('idle');
    fileRef.current?.click();
  };

  const photo = current?.photo;
  const verdict =
    phase === 'upload'
      ? '正在上传照片…'
      : phase === 'check'
        ? '照片已上传，正在审核…'
        : phase === 'slow'
          ? '审核时间较长，请稍后刷新本页查看结果'
          : photo?.status === 'accepted'
            ? '照片已通过审核'
            : photo?.status === 'refused'
              ? `照片未通过审核：${photo.reason ?? '请重新上传'}`
              : photo?.status === 'pending'
                ? '照片审核中…'
                : '';

  return (
    <section class="card photo" aria-labelledby="photo-title">
      <h2 id="photo-title">{rules.label}</h2>
      <p class="hint">
        {BACKGROUND_NAMES[rules.background]}
        背景、正面免冠、露出双肩；选好后可拖动白框、缩放调整，头部放在虚线圈内。
      </p>
      {!id && <p class="hint">填写任一项并保存草稿后即可上传照片。</p>}
      <input
        ref={fileRef}
        id="photo-file"
        class="visually-hidden"
        type="file"
        accept="image/*"
        disabled={!id}
        onChange={choose}
      />
      {(phase === 'idle' || phase === 'slow' || phase === 'decoding') && (
        <label for="photo-file" class={id ? 'button block' : 'button block disabled'}>
          选择或拍摄照片
        </label>
      )}
      {phase === 'decoding' && <p class="hint">正在读取照片…</p>}
      {image && crop && phase !== 'check' && (
        <>
          <PhotoCropper image={image} crop={crop} frame={rules} onCrop={setCrop} />
          <div class="row">
            <button type="button" onClick={rotate} disabled={phase === 'upload'}>
              旋转 90°
            </button>
            <button type="button" onClick={again} disabled={phase === 'upload'}>
              重新选择
            </button>
          </div>
          <button type="button" class="primary block" onClick={upload} disabled={phase === 'upload'}>
            确认并上传
          </button>
        </>
      )}
      {phase === 'upload' && (
        <progress
          max={100}
          value={progress}
          aria-label="上传进度"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={progress}
        />
      )}
      {note && (
        <p class="err" role="alert">
          {note}
        </p>
      )}
      <p role="status" class={photo?.status === 'refused' && phase === 'idle' ? 'verdict bad' : 'verdict'}>
        {verdict}
      </p>
      {current?.photoUrl && photo?.status === 'accepted' && phase !== 'crop' && (
        <img class="photo-ok" src={current.photoUrl} alt="已通过审核的照片" width={140} height={196} />
      )}
      {current?.photos && current.photos.length > 0 && (
        <details>
          <summary>历次上传（{current.photos.length}）</summary>
          <ul class="history">
            {current.photos.map((p) => (
              <li key={p.photoId}>
                {dateTime(p.uploadedAt)} · {STATUS[p.status]}
                {p.reason ? `：${p.reason}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
