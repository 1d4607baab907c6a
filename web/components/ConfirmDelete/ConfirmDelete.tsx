/** "删除草稿" with a confirm step in place (no window.confirm: WeChat shows it with its own title). */
import { useState } from 'preact/hooks';
import { lazy } from '../Lazy/Lazy.tsx';

const DeleteBox = lazy(() => import('./DeleteBox.tsx').then((m) => m.DeleteBox));

export function ConfirmDelete({
  onConfirm,
  label = '删除草稿',
}: {
  onConfirm: () => Promise<void>;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" class="danger-link" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return <DeleteBox onConfirm={onConfirm} onCancel={() => setOpen(false)} />;
}
