/**
 * The crop frame over the photo, at the campaign's ratio (35:49 for a 2-inch photo): drag to move it,
 * pinch or the slider to zoom, arrow keys too.
 * Pointer events where the engine has them (Chrome 55+, iOS 13+), touch events otherwise (iOS 12).
 * All geometry is in image pixels (photo/crop.ts); the canvas only shows it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  type Crop,
  type Frame,
  fitScale,
  maxZoom,
  moveCrop,
  type Size,
  zoomCrop,
  zoomOf,
} from '../../photo/crop.ts';

interface Props {
  image: HTMLCanvasElement;
  crop: Crop;
  /** The campaign's photo: its ratio and stored size. */
  frame: Frame;
  onCrop: (crop: Crop) => void;
}

type Point = { x: number; y: number };
const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

export function PhotoCropper({ image, crop, frame, onCrop }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [box, setBox] = useState<Size | null>(null);
  const live = useRef({ crop, points: new Map<number, Point>(), spread: 0 }).current;
  live.crop = crop;

  // Fit the image to the width available, at most 60% of the screen's height.
  useEffect(() => {
    const measure = () => {
      const width = canvasRef.current?.parentElement?.clientWidth ?? 320;
      const k = fitScale(image, { width, height: Math.max(240, Math.min(innerHeight * 0.6, 560)) });
      setBox({ width: Math.round(image.width * k), height: Math.round(image.height * k) });
    };
    measure();
    addEventListener('resize', measure);
    return () => removeEventListener('resize', measure);
  }, [image]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !box) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(box.width * dpr);
    canvas.height = Math.round(box.height * dpr);
    const k = box.width / image.width;
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.drawImage(image, 0, 0, box.width, box.height);
    const x = crop.left * k;
    const y = crop.top * k;
    const w = crop.width * k;
    const h = crop.height * k;
    ctx.fillStyle = 'rgba(0,0,0,0.55)';
    ctx.beginPath();
    ctx.rect(0, 0, box.width, box.height);
    ctx.rect(x, y, w, h);
    ctx.fill('evenodd');
    ctx.strokeStyle = '#fff';
    // a dark halo keeps the white frame and oval visible on a white-background photo
    ctx.shadowColor = 'rgba(0,0,0,0.7)';
    ctx.shadowBlur = 3;
    ctx.lineWidth = 2;
    ctx.strokeRect(x + 1, y + 1, w - 2, h - 2);
    // Where the head goes on an ID photo (fractions of the frame, for either size).
    ctx.setLineDash([6, 6]);
    ctx.beginPath();
    ctx.ellipse(x + w / 2, y + h * 0.4, w * 0.3, h * 0.27, 0, 0, Math.PI * 2);
    ctx.stroke();
    ctx.setLineDash([]);
  }, [image, crop, box]);

  const scale = box ? box.width / image.width : 1;
  const apply = (next: Crop) => {
    live.crop = next;
    onCrop(next);
  };
  const spread = () => {
    const [a, b] = [...live.points.values()];
    return a && b ? distance(a, b) : 0;
  };
  const down = (id: number, p: Point) => {
    live.points.set(id, p);
    live.spread = spread();
  };
  const move = (id: number, p: Point) => {
    const prev = live.points.get(id);
    if (!prev) return;
    live.points.set(id, p);
    if (live.points.size === 1) {
      apply(moveCrop(image, live.crop, (p.x - prev.x) / scale, (p.y - prev.y) / scale));
    } else {
      const now = spread();
      if (live.spread > 0 && now > 0)
        apply(zoomCrop(image, live.crop, frame, zoomOf(image, live.crop, frame) * (now / live.spread)));
      live.spread = now;
    }
  };
  const up = (id: number) => {
    live.points.delete(id);
    live.spread = spread();
  };
  const touches = (e: TouchEvent, fn: (id: number, p: Point) => void) => {
    e.preventDefault();
    for (const t of Array.from(e.changedTouches)) fn(t.identifier, { x: t.clientX, y: t.clientY });
  };
  const handlers =
    typeof PointerEvent === 'function'
      ? {
          onPointerDown: (e: PointerEvent) => {
            (e.currentTarget as Element).setPointerCapture?.(e.pointerId);
            down(e.pointerId, { x: e.clientX, y: e.clientY });
          },
          onPointerMove: (e: PointerEvent) => move(e.pointerId, { x: e.clientX, y: e.clientY }),
          onPointerUp: (e: PointerEvent) => up(e.pointerId),
          onPointerCancel: (e: PointerEvent) => up(e.pointerId),
        }
      : {
          onTouchStart: (e: TouchEvent) => touches(e, down),
          onTouchMove: (e: TouchEvent) => touches(e, move),
          onTouchEnd: (e: TouchEvent) => touches(e, up),
          onTouchCancel: (e: TouchEvent) => touches(e, up),
        };

  const onKeyDown = (e: KeyboardEvent) => {
    const step = image.width * 0.02;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const d = moves[e.key];
    if (d) apply(moveCrop(image, live.crop, d[0], d[1]));
    else if (e.key === '+' || e.key === '-')
      apply(
        zoomCrop(image, live.crop, frame, zoomOf(image, live.crop, frame) + (e.key === '+' ? 0.1 : -0.1)),
      );
    else return;
    e.preventDefault();
  };

  const zoom = zoomOf(image, crop, frame);
  return (
    <div class="cropper">
      <canvas
        ref={canvasRef}
        class="crop-canvas"
        tabIndex={0}
        role="img"
        aria-label="照片裁剪框：拖动白框可移动位置，双指张合或下方滑块调整大小"
        style={box ? { width: `${box.width}px`, height: `${box.height}px` } : undefined}
        onKeyDown={onKeyDown}
        {...handlers}
      />
      <div class="field">
        <label for="crop-zoom">缩放</label>
        <input
          id="crop-zoom"
          type="range"
          min={1}
          max={maxZoom(image, frame)}
          step={0.01}
          value={zoom}
          onInput={(e) =>
            apply(zoomCrop(image, live.crop, frame, Number((e.currentTarget as HTMLInputElement).value)))
          }
        />
      </div>
    </div>
  );
}
