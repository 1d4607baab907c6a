/** The question under 删除草稿, in its own chunk: fetched on the tap, not with the form. */
import { useState } from 'preact/hooks';
import { ApiFailure } from '../../api.ts';
import '../Lazy/style.ts';

export function DeleteBox({ onConfirm, onCancel }: { onConfirm: () => Promise<void>; onCancel: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
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
        <button type="button" onClick={onCancel}>
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
