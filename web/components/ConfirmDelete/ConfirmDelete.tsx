/** "删除草稿" with a confirm step in place (no window.confirm: WeChat shows it with its own title). */
import { useState } from 'preact/hooks';
import { ApiFailure } from '../../api.ts';

export function ConfirmDelete({
  onConfirm,
  label = '删除草稿',
}: {
  onConfirm: () => Promise<void>;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  if (!open) {
    return (
      <button type="button" class="danger-link" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  const confirm = async () => {
    setBusy(true);
    setError('');
    try {
      await onConfirm();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : '删除失败，请重试');
      setBusy(false);
    }
  };
  return (
    <div class="confirm">
      <p>删除后不再显示这份草稿，确定删除吗？</p>
      <div class="row">
        <button type="button" class="danger" disabled={busy} onClick={confirm}>
          {busy ? '正在删除…' : '确认删除'}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          取消
        </button>
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
