/**
 * One nomination: loads it (or starts a new one), and for a unit's draft runs the editor.
 *
 * Saving: every change is kept on the phone at once (`pingxuan:draft:…`); about 1.5 s after
 * typing stops, when a field is left, or when the page is hidden, the fields that pass
 * validation and differ from the server copy are sent (POST the first time, then PATCH with
 * the version read). The local copy is dropped once the server holds the same values.
 * A stale version (409) reloads the server copy and lays the user's values over it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { CATEGORY_LABELS, type Campaign, type Category } from '#shared/campaign';
import { maskIdNumber } from '#shared/id-number';
import type { NominationView } from '#shared/nomination';
import type { Principal } from '#shared/roles';
import {
  ApiFailure,
  createNomination,
  deleteNomination,
  getNomination,
  loadCampaign,
  patchNomination,
} from '../../api.ts';
import {
  applyEdits,
  checkForm,
  diffForm,
  type FormCheck,
  type FormValues,
  savableEdits,
} from '../../form-model.ts';
import { clock } from '../../format.ts';
import { go } from '../../route.ts';
import { draftKey, loadDraft, removeDraft, saveDraft } from '../../storage.ts';
import { ConfirmDelete } from '../ConfirmDelete/ConfirmDelete.tsx';
import { lazy } from '../Lazy/Lazy.tsx';
import { FORM_ID, NominationForm } from '../NominationForm/NominationForm.tsx';

const PhotoPanel = lazy(() => import('../PhotoPanel/PhotoPanel.tsx').then((m) => m.PhotoPanel));
const ReadOnlyNomination = lazy(() =>
  import('../ReadOnlyNomination/ReadOnlyNomination.tsx').then((m) => m.ReadOnlyNomination),
);

interface PageProps {
  principal: Principal;
  id?: string;
  category?: Category;
}

export function NominationPage({ principal, id, category }: PageProps) {
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [view, setView] = useState<NominationView | null | undefined>(id ? undefined : null);
  const [error, setError] = useState('');

  const load = () => {
    setError('');
    const fail = (e: unknown) => setError(e instanceof ApiFailure ? e.message : '加载失败，请重试');
    loadCampaign(principal.campaignId).then((info) => setCampaign(info.campaign), fail);
    if (id) getNomination(id).then(setView, fail);
  };
  useEffect(load, []);

  if (error) {
    return (
      <div class="card">
        <p class="err" role="alert">
          {error}
        </p>
        <button type="button" onClick={load}>
          重试
        </button>
      </div>
    );
  }
  if (!campaign || view === undefined) return <p class="loading">正在加载…</p>;
  if (view && (principal.role !== 'unit' || view.status !== 'draft'))
    return <ReadOnlyNomination view={view} />;
  if (principal.role !== 'unit') return <p class="card">当前账号不能新建推荐对象。</p>;
  return (
    <DraftEditor
      principal={principal}
      campaign={campaign}
      first={view}
      category={view ? view.category : (category as Category)}
    />
  );
}

type Status = {
  kind: 'idle' | 'dirty' | 'saving' | 'saved' | 'invalid' | 'offline' | 'error' | 'conflict';
  text: string;
};

const STATUS_TEXT = {
  idle: '填写后自动保存',
  dirty: '有修改，稍后自动保存',
  saving: '保存中…',
  invalid: '有内容需改正，改正后自动保存（已暂存在本机）',
  offline: '未保存：网络中断，内容已保存在本机',
  conflict: '这份推荐表已在别处被修改：已载入最新内容，您输入的内容仍保留在表中，请核对后点“保存”。',
};

interface EditorProps {
  principal: Principal;
  campaign: Campaign;
  first: NominationView | null;
  category: Category;
}

function DraftEditor({ principal, campaign, first, category }: EditorProps) {
  const accountId = principal.accountId;
  // Mutable state the save loop reads between renders.
  const s = useRef({
    id: first?.id ?? null,
    view: first,
    /** The ID number this page sent and the server now holds (only its mask comes back). */
    sentId: '',
    values: {} as FormValues,
    check: null as FormCheck | null,
    edits: {} as FormValues,
    /** Field → JSON of a value the server refused: not sent again until it changes. */
    rejected: {} as Record<string, string>,
    saving: false,
    again: false,
    paused: false,
    timer: 0 as ReturnType<typeof setTimeout> | 0,
  }).current;

  const key = () => draftKey(s.id, category);
  const base = (): FormValues => {
    const form = { ...((s.view?.form ?? {}) as FormValues) };
    if (s.sentId && s.view?.idNumberMasked === maskIdNumber(s.sentId)) form.idNumber = s.sentId;
    return form;
  };

  const [start] = useState(() => {
    s.edits = loadDraft(key(), accountId) ?? {};
    s.values = applyEdits(base(), s.edits);
    s.check = checkForm(category, s.values, campaign);
    return s.values;
  });
  const [initial, setInitial] = useState(start);
  const [formKey, setFormKey] = useState(0);
  const [view, setView] = useState(first);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(() =>
    Object.keys(s.edits).length ? { kind: 'dirty', text: STATUS_TEXT.dirty } : first ? saved() : idle(),
  );

  function saved(): Status {
    return { kind: 'saved', text: `已保存${s.view ? ` ${clock(new Date(s.view.updatedAt))}` : ''}` };
  }
  function idle(): Status {
    return { kind: 'idle', text: STATUS_TEXT.idle };
  }
  const says = (kind: Exclude<Status['kind'], 'saved' | 'error'>) =>
    setStatus({ kind, text: STATUS_TEXT[kind] });

  const remember = () => saveDraft(key(), accountId, s.edits);

  const adopt = (fresh: NominationView) => {
    s.view = fresh;
    s.edits = diffForm(s.values, base(), category);
    remember();
    setView(fresh);
  };

  const schedule = (ms = 1500) => {
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => save(false), ms);
  };

  const conflict = async () => {
    const fresh = await getNomination(s.id as string);
    const old = s.view;
    const sameContent =
      old &&
      !Object.keys(diffForm(fresh.form as FormValues, old.form as FormValues, category)).length &&
      fresh.idNumberMasked === old.idNumberMasked;
    if (sameContent) {
      // Only the version moved (e.g. the photo's verdict was recorded): save again on top.
      s.view = fresh;
      setView(fresh);
      s.again = true;
      return;
    }
    const typed = s.edits;
    s.view = fresh;
    s.values = applyEdits(base(), typed);
    s.check = checkForm(category, s.values, campaign);
    s.edits = diffForm(s.values, base(), category);
    s.paused = true;
    remember();
    setView(fresh);
    setInitial(s.values);
    setFormKey((k) => k + 1);
    says('conflict');
  };

  async function save(explicit: boolean): Promise<void> {
    if (s.timer) clearTimeout(s.timer);
    s.timer = 0;
    if (s.saving) {
      s.again = true;
      return;
    }
    if (s.paused && !explicit) return;
    s.paused = false;
    const check = s.check ?? checkForm(category, s.values, campaign);
    const payload = savableEdits(s.edits, check, s.rejected);
    if (!Object.keys(payload).length) {
      if (Object.keys(s.edits).length) says('invalid');
      else setStatus(s.id ? saved() : idle());
      return;
    }
    s.saving = true;
    says('saving');
    try {
      const fresh = s.id
        ? await patchNomination(s.id, (s.view as NominationView).version, payload)
        : await createNomination(category, payload);
      if (typeof payload.idNumber === 'string') s.sentId = payload.idNumber;
      if (!s.id) {
        removeDraft(key());
        s.id = fresh.id;
        // No hashchange: the page stays mounted while the user keeps typing. (Not when the user
        // has already left and this was the save on the way out.)
        if (location.hash === `#/n/new/${category}`) history.replaceState(null, '', `#/n/${fresh.id}`);
      }
      adopt(fresh);
      const left = savableEdits(s.edits, s.check ?? check, s.rejected);
      if (!Object.keys(s.edits).length) setStatus(saved());
      else if (Object.keys(left).length) says('dirty');
      else says('invalid');
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure(0, 'client', '保存失败，请重试');
      if (failure.status === 0) {
        says('offline');
        schedule(10_000);
      } else if (failure.status === 409 && s.id) {
        try {
          await conflict();
        } catch {
          says('offline');
        }
      } else if (failure.status === 400 && failure.field && failure.field in payload) {
        s.rejected[failure.field] = JSON.stringify(payload[failure.field]);
        setServerErrors((errs) => ({ ...errs, [failure.field as string]: failure.message }));
        setStatus({ kind: 'error', text: `未保存：${failure.message}` });
        s.again = true;
      } else {
        setStatus({ kind: 'error', text: `未保存：${failure.message}` });
      }
    } finally {
      s.saving = false;
    }
    if (s.again) {
      s.again = false;
      await save(false);
    }
  }

  const onChange = (values: FormValues, check: FormCheck) => {
    s.values = values;
    s.check = check;
    s.edits = diffForm(values, base(), category);
    let cleared = false;
    for (const field of Object.keys(s.rejected)) {
      if (JSON.stringify(values[field]) !== s.rejected[field]) {
        delete s.rejected[field];
        cleared = true;
      }
    }
    if (cleared) {
      setServerErrors((errs) => {
        const next: Record<string, string> = {};
        for (const f of Object.keys(errs)) if (s.rejected[f]) next[f] = errs[f] as string;
        return next;
      });
    }
    remember();
    if (s.paused) return;
    if (Object.keys(s.edits).length) says('dirty');
    schedule();
  };

  const flush = () => {
    if (s.timer) save(false);
  };

  // Save when the page is hidden (app switch, screen off) or comes back online; and on leaving.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    const onOnline = () => save(false);
    // Values restored from the phone go to the server without waiting for another keystroke.
    if (Object.keys(s.edits).length) schedule();
    document.addEventListener('visibilitychange', onHide);
    addEventListener('pagehide', flush);
    addEventListener('online', onOnline);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      removeEventListener('pagehide', flush);
      removeEventListener('online', onOnline);
      flush();
    };
  }, []);

  const discard = async () => {
    if (s.id) await deleteNomination(s.id);
    if (s.timer) clearTimeout(s.timer);
    s.timer = 0;
    s.paused = true;
    removeDraft(key());
    go('/');
  };

  const photoView = (fresh: NominationView) => {
    const old = s.view;
    if (old && !Object.keys(diffForm(fresh.form as FormValues, old.form as FormValues, category)).length) {
      s.view = fresh;
      setView(fresh);
    }
  };

  return (
    <>
      <div class="title-row">
        <a href="#/" class="back">
          ‹ 返回
        </a>
        <h1>{CATEGORY_LABELS[category]}推荐审批表</h1>
      </div>
      <NominationForm
        key={formKey}
        category={category}
        campaign={campaign}
        initial={initial}
        idNumberMasked={view?.idNumberMasked}
        serverErrors={serverErrors}
        extraProblems={view?.problems}
        onChange={onChange}
        onFieldDone={flush}
        onSubmit={(values, check) => {
          s.values = values;
          s.check = check;
          s.edits = diffForm(values, base(), category);
          remember();
          save(true);
        }}
        before={category === 'worker' ? <PhotoPanel view={view ?? null} onView={photoView} /> : undefined}
      >
        <div class="savebar">
          <p class={`status ${status.kind}`} aria-live="polite">
            {status.text}
          </p>
          <button type="submit" class="primary" form={FORM_ID}>
            保存
          </button>
        </div>
      </NominationForm>
      <div class="danger-zone">
        {s.id ? (
          <ConfirmDelete onConfirm={discard} />
        ) : (
          Object.keys(s.edits).length > 0 && <ConfirmDelete label="放弃填写" onConfirm={discard} />
        )}
      </div>
    </>
  );
}
