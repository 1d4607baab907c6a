/**
 * One nomination: loads it (or starts a new one), and for a unit's draft runs the editor.
 *
 * Saving: every change is kept on the phone at once (`pingxuan:draft:…`); about 1.5 s after
 * typing stops, when a field is left, or when the page is hidden, the fields that pass
 * validation and differ from the server copy are sent (POST the first time, then PATCH with
 * the version read). The local copy is dropped once the server holds the same values.
 *
 * The page follows the nomination the server last returned (`nomination-store.ts`): a step
 * taken in the steps panel (开始单位公示) turns the form read-only at once. A refusal is never
 * retried with the same content: a 409 for the state stops autosave and says why (the typed
 * values stay on the phone, shown on the read-only page); a stale version (409) lays the typed
 * values over the server copy and asks whether to reload or keep them; the network or the
 * server failing backs off (2 s, 4 s, 8 s … up to a minute).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Campaign, type Category, categoryLabel, photoRequired } from '#shared/campaign';
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
import { followNominations, publishNomination } from '../../nomination-store.ts';
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

/** EDITABLE_STATUSES of #shared/workflow, written out: that module stays out of the first load. */
const editable = (v: NominationView) => v.status === 'draft' || v.status === 'returned_to_unit';

export function NominationPage({ principal, id, category }: PageProps) {
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [view, setView] = useState<NominationView | null | undefined>(id ? undefined : null);
  const [error, setError] = useState('');

  // A new nomination gets its id from the first save.
  const shown = useRef(id);
  const load = () => {
    setError('');
    const fail = (e: unknown) => setError(e instanceof ApiFailure ? e.message : '加载失败，请重试');
    loadCampaign(principal.campaignId).then((info) => setCampaign(info.campaign), fail);
    if (id) getNomination(id).then(publishNomination, fail);
  };
  useEffect(() => {
    const stop = followNominations((v) => {
      shown.current ??= v.id;
      if (v.id === shown.current) setView(v);
    });
    load();
    return stop;
  }, []);

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
  if (view && (principal.role !== 'unit' || !editable(view)))
    return <ReadOnlyNomination view={view} principal={principal} campaign={campaign} />;
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
  invalid: '有内容需改正，改正后自动保存（已存本机）',
  offline: '未保存：网络中断，已存本机',
  conflict: '推荐表已在别处被修改，已载入最新内容，您的输入仍在表中。请选择：',
};

/** The longest wait between retries after the network or the server failed. */
const MAX_BACKOFF_MS = 60_000;

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
    /** Version and payload the server refused: never sent again by autosave. */
    refused: '',
    /** Failures in a row of the network or the server: the next retry waits 2^n × 2 s. */
    failures: 0,
    /** A version conflict was retried once on the fresh version: the next one asks the user. */
    retried: false,
    saving: false,
    again: false,
    paused: false,
    /** The server no longer takes edits (开始单位公示, 报送县区…): autosave has stopped for good. */
    locked: false,
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
    s.edits = diffForm(s.values, base(), category, campaign);
    remember();
    setView(fresh);
  };

  const stopTimer = () => {
    if (s.timer) clearTimeout(s.timer);
    s.timer = 0;
  };
  const schedule = (ms = 1500) => {
    stopTimer();
    if (!s.locked) s.timer = setTimeout(() => save(false), ms);
  };

  /** Same form on the server as the copy this page edits: only the version (photo, steps) moved. */
  const sameForm = (fresh: NominationView) => {
    const old = s.view;
    return (
      !!old &&
      !Object.keys(diffForm(fresh.form as FormValues, old.form as FormValues, category, campaign)).length &&
      fresh.idNumberMasked === old.idNumberMasked
    );
  };

  /**
   * The server takes no more edits. Autosave stops; what was typed stays on the phone, and the
   * page turns read-only (the nomination is published) showing why and what was not saved.
   */
  const lock = (fresh: NominationView | null, message: string) => {
    s.locked = true;
    stopTimer();
    remember();
    setStatus({ kind: 'error', text: `未保存：${message}` });
    if (fresh) publishNomination(fresh);
  };

  // Steps taken elsewhere on the page (the steps panel, the photo) answer with the nomination.
  useEffect(
    () =>
      followNominations((fresh) => {
        if (fresh.id !== s.id || fresh === s.view) return;
        if (!editable(fresh)) {
          s.locked = true;
          stopTimer();
          remember();
        } else if (sameForm(fresh) && fresh.version >= (s.view?.version ?? 0)) {
          s.view = fresh;
          setView(fresh);
        }
      }),
    [],
  );

  const conflict = async (failure: ApiFailure) => {
    const fresh = await getNomination(s.id as string);
    if (!editable(fresh)) return lock(fresh, failure.message);
    if (sameForm(fresh) && !s.retried) {
      // Only the version moved (e.g. the photo's verdict was recorded): save again on top, once.
      s.retried = true;
      s.view = fresh;
      setView(fresh);
      s.again = true;
      return;
    }
    const typed = s.edits;
    s.view = fresh;
    s.values = applyEdits(base(), typed);
    s.check = checkForm(category, s.values, campaign);
    s.edits = diffForm(s.values, base(), category, campaign);
    s.paused = true;
    remember();
    setView(fresh);
    setInitial(s.values);
    setFormKey((k) => k + 1);
    says('conflict');
  };

  /** After a conflict: drop what was typed and show the server's copy. */
  const reload = () => {
    s.edits = {};
    s.values = base();
    s.check = checkForm(category, s.values, campaign);
    s.paused = false;
    remember();
    setInitial(s.values);
    setFormKey((k) => k + 1);
    setStatus(saved());
  };

  async function save(explicit: boolean): Promise<void> {
    stopTimer();
    if (s.locked) return;
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
    const attempt = JSON.stringify([s.view?.version, payload]);
    if (!explicit && attempt === s.refused) return;
    s.saving = true;
    says('saving');
    try {
      const fresh = s.id
        ? await patchNomination(s.id, (s.view as NominationView).version, payload)
        : await createNomination(category, payload);
      s.failures = 0;
      s.retried = false;
      s.refused = '';
      if (typeof payload.idNumber === 'string') s.sentId = payload.idNumber;
      if (!s.id) {
        removeDraft(key());
        s.id = fresh.id;
        // No hashchange: the page stays mounted while the user keeps typing. (Not when the user
        // has already left and this was the save on the way out.)
        if (location.hash === `#/n/new/${category}`) history.replaceState(null, '', `#/n/${fresh.id}`);
      }
      adopt(fresh);
      publishNomination(fresh);
      const left = savableEdits(s.edits, s.check ?? check, s.rejected);
      if (!Object.keys(s.edits).length) setStatus(saved());
      else if (Object.keys(left).length) says('dirty');
      else says('invalid');
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure(0, 'client', '保存失败，请重试');
      if (failure.status === 0 || failure.status >= 500 || failure.code === 'busy') {
        // Retry later, each time waiting twice as long.
        setStatus(
          failure.status === 0
            ? { kind: 'offline', text: STATUS_TEXT.offline }
            : { kind: 'error', text: `未保存：${failure.message}（稍后自动重试）` },
        );
        schedule(Math.min(2000 * 2 ** s.failures++, MAX_BACKOFF_MS));
      } else if (failure.status === 409 && s.id) {
        try {
          if (failure.code === 'version_conflict') await conflict(failure);
          else lock(await getNomination(s.id).catch(() => null), failure.message);
        } catch {
          says('offline');
        }
      } else {
        s.refused = attempt;
        setStatus({ kind: 'error', text: `未保存：${failure.message}` });
        if (failure.status === 400 && failure.field && failure.field in payload) {
          s.rejected[failure.field] = JSON.stringify(payload[failure.field]);
          setServerErrors((errs) => ({ ...errs, [failure.field as string]: failure.message }));
          // The other fields may still go.
          s.again = true;
        }
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
    s.edits = diffForm(values, base(), category, campaign);
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
    if (s.paused || s.locked) return;
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
    stopTimer();
    s.paused = true;
    removeDraft(key());
    go('/');
  };

  const photoView = (fresh: NominationView) => {
    if (sameForm(fresh)) {
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
        <h1>{categoryLabel(campaign, category)}推荐审批表</h1>
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
          s.edits = diffForm(values, base(), category, campaign);
          remember();
          save(true);
        }}
        before={
          photoRequired(campaign, category) ? (
            <PhotoPanel view={view ?? null} onView={photoView} campaign={campaign} />
          ) : undefined
        }
      >
        <div class="savebar">
          <p class={`status ${status.kind}`} aria-live="polite">
            {status.text}
          </p>
          {status.kind === 'conflict' ? (
            <>
              <button type="button" onClick={reload}>
                重新加载
              </button>
              <button type="submit" class="primary" form={FORM_ID}>
                保留我的修改
              </button>
            </>
          ) : (
            <button type="submit" class="primary" form={FORM_ID}>
              保存
            </button>
          )}
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
