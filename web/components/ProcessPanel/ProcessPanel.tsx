/**
 * The steps panel on a nomination's page (unit, county, city office): what the process has
 * recorded so far, then a form or a button for each step the reader's role may take now
 * (`actions`). Every step answers with the updated nomination, which replaces the shown one.
 */
import { useEffect, useState } from 'preact/hooks';
import { inLevels, levelsOfView } from '#shared/levels';
import { type NominationView, statusLabelIn } from '#shared/nomination';
import { type OpinionRule, opinionsOfView, opinionTitle } from '#shared/opinions';
import { FIVE_WORKING_DAYS, lengthLabel } from '#shared/publicity-length';
import type { Role } from '#shared/roles';
import { officialDate } from '#shared/text';
import { ACTIONS, type WorkflowAction } from '#shared/workflow';
import { getNomination } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { followNominations, latestNomination, publishNomination } from '../../nomination-store.ts';
import { CONFIRMATIONS, confirmationOf } from '../ConfirmDialog/ConfirmDialog.tsx';
import { Field, failureOf, int, LoadFailed, StepForm, str, today, YesNo } from '../Process/form.tsx';
import { type Scan, step, uploadScan } from '../Process/process-api.ts';
import { ScanGallery } from '../ScanGallery/ScanGallery.tsx';
import '../Process/style.ts';
import {
  CancelUnitPublicity,
  CopiedFrom,
  CopyToDraft,
  StartUnitPublicity,
  unitRecommendationRule,
} from '../UnitPublicity/UnitPublicity.tsx';
import '../Lazy/style.ts';

const OUTCOME_LABELS: Record<string, string> = {
  no_objection: '公示无异议',
  objections_handled: '异议已处理',
};

/** Pick or take a photo of a paper (the posted notice, a stamped opinion) and upload it. */
export function ScanUpload(props: {
  id: string;
  purpose: string;
  label: string;
  inputId: string;
  onAccepted: (scanId: string) => void;
}) {
  const [state, setState] = useState<{ text: string; bad?: boolean } | null>(null);
  const onChange = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    setState({ text: '正在上传…' });
    try {
      const s: Scan = await uploadScan(props.id, props.purpose, file, (f) =>
        setState({ text: `正在上传… ${Math.round(f * 100)}%` }),
      );
      if (s.status === 'accepted') {
        setState({ text: '扫描件已上传并通过检查' });
        props.onAccepted(s.scanId);
      } else if (s.status === 'refused')
        setState({ text: `扫描件未通过：${s.reason ?? '请重拍'}`, bad: true });
      else setState({ text: '扫描件仍在检查，请稍后刷新页面', bad: true });
    } catch (x) {
      setState({ text: failureOf(x).message, bad: true });
    }
    input.value = '';
  };
  return (
    <div class="field">
      <label for={props.inputId}>{props.label}</label>
      {/* The browser's own file button speaks its own language: a labelled button in Chinese instead. */}
      <label for={props.inputId} class="button">
        选择文件或拍照
      </label>
      <input
        id={props.inputId}
        class="visually-hidden"
        type="file"
        accept="image/*,application/pdf"
        capture="environment"
        onChange={onChange}
      />
      <p class="hint">可用手机直接拍摄，须清晰可见公章。</p>
      {state && (
        <p class={state.bad ? 'err' : 'ok'} role="status">
          {state.text}
        </p>
      )}
    </div>
  );
}

function OpinionForm(props: {
  view: NominationView;
  opinion: OpinionRule;
  onDone: (v: NominationView) => void;
}) {
  const { view, opinion } = props;
  const dept = opinion.id;
  const [scanId, setScanId] = useState(view.process?.opinions?.[dept]?.scanId ?? '');
  const p = `op-${dept}`;
  const label = opinion.department;
  return (
    <StepForm
      title={opinionTitle(opinion)}
      submit={`保存${label}意见`}
      build={(fd) => ({
        conclusion: str(fd, 'conclusion'),
        favourable:
          fd.get('favourable') === 'true' ? true : fd.get('favourable') === 'false' ? false : undefined,
        text: str(fd, 'text'),
        date: str(fd, 'date'),
        ...(str(fd, 'docNumber') ? { docNumber: str(fd, 'docNumber') } : {}),
        ...(scanId ? { scanId } : {}),
      })}
      run={(body) => step(view.id, 'PUT', `opinions/${dept}`, body)}
      onDone={props.onDone}
    >
      {(err) => (
        <>
          <Field id={`${p}-conclusion`} name="conclusion" label={`${label}意见结论`} err={err}>
            <input id={`${p}-conclusion`} name="conclusion" maxLength={50} placeholder="如：同意推荐" />
          </Field>
          <YesNo name="favourable" legend={`${label}是否同意推荐`} yes="同意推荐" no="不同意推荐" err={err} />
          <Field id={`${p}-text`} name="text" label={`${label}意见内容`} err={err}>
            <textarea id={`${p}-text`} name="text" rows={3} maxLength={1000} />
          </Field>
          <Field id={`${p}-date`} name="date" label={`${label}意见日期`} err={err}>
            <input id={`${p}-date`} name="date" type="date" defaultValue={today()} />
          </Field>
          <Field id={`${p}-doc`} name="docNumber" label={`${label}意见文号（选填）`} err={err}>
            <input id={`${p}-doc`} name="docNumber" maxLength={50} />
          </Field>
          <ScanUpload
            id={view.id}
            purpose={`opinion-${dept}`}
            label={`${label}意见盖章扫描件`}
            inputId={`${p}-scan`}
            onAccepted={setScanId}
          />
          {scanId && <p class="hint">已附盖章扫描件</p>}
        </>
      )}
    </StepForm>
  );
}

function ReasonForm(props: {
  view: NominationView;
  action: string;
  path: string;
  onDone: (v: NominationView) => void;
}) {
  const label = inLevels(ACTIONS[props.action as keyof typeof ACTIONS].label, levelsOfView(props.view));
  const id = `reason-${props.action}`;
  return (
    <StepForm
      title={label}
      submit={label}
      danger
      confirm={confirmationOf(props.action, levelsOfView(props.view))}
      build={(fd) => ({ reason: str(fd, 'reason') })}
      // A missing reason is said before the question, not after it.
      schema={{
        safeParse: (b) =>
          (b as { reason: string }).reason
            ? { success: true }
            : { success: false, error: { issues: [{ message: `请填写${label}的理由`, path: ['reason'] }] } },
      }}
      run={(body) => step(props.view.id, 'POST', props.path, body)}
      onDone={props.onDone}
    >
      {(err) => (
        <Field id={id} name="reason" label={`${label}的理由`} err={err}>
          <textarea id={id} name="reason" rows={2} maxLength={500} />
        </Field>
      )}
    </StepForm>
  );
}

function Button(props: {
  view: NominationView;
  action: WorkflowAction;
  path: string;
  onDone: (v: NominationView) => void;
}) {
  return (
    <StepForm
      submit={inLevels(ACTIONS[props.action].label, levelsOfView(props.view))}
      confirm={confirmationOf(props.action, levelsOfView(props.view))}
      build={() => undefined}
      run={() => step(props.view.id, 'POST', props.path)}
      onDone={props.onDone}
    />
  );
}

/** The recorded process, read only. */
function Record({ view }: { view: NominationView }) {
  const p = view.process ?? {};
  const rows: [string, string][] = [];
  const u = p.unitRecommendation;
  if (u)
    rows.push([
      '民主推荐',
      `${officialDate(u.democratic.date)}，参加 ${u.democratic.voters} 人，赞成 ${u.democratic.votesFor} 票；领导班子集体研究 ${officialDate(u.leadershipDecisionDate)}`,
    ]);
  const pub = p.unitPublicity;
  if (pub)
    rows.push([
      '单位公示',
      `${officialDate(pub.postedOn)} 起，公示至 ${officialDate(pub.endsOn)}（${lengthLabel(p.publicity?.unit ?? FIVE_WORKING_DAYS)}）；${pub.noticeScanId ? '已上传公示照片' : '未上传公示照片'}${pub.outcome ? `；${OUTCOME_LABELS[pub.outcome] ?? pub.outcome}` : ''}`,
    ]);
  if (p.submittedAt) rows.push([`报送${levelsOfView(view).middle}`, dateTime(p.submittedAt)]);
  const pr = p.politicalReview;
  rows.push([
    '政治审查',
    pr
      ? `${pr.passed ? '通过' : '未通过'}（${officialDate(pr.date)}）${pr.text ? `：${pr.text}` : ''}`
      : '未登记',
  ]);
  for (const rule of opinionsOfView({ process: p })) {
    const o = p.opinions?.[rule.id];
    rows.push([
      `${rule.department}意见`,
      o
        ? `${o.conclusion}（${o.favourable ? '同意' : '不同意'}，${officialDate(o.date)}${o.docNumber ? `，${o.docNumber}` : ''}）${o.scanId ? '，已附盖章扫描件' : '，缺少盖章扫描件'}`
        : '未登记',
    ]);
  }
  const v = p.vote;
  if (v)
    rows.push([
      '评审表决',
      `到会 ${v.present}/${v.members} 人：同意 ${v.for}，反对 ${v.against}，弃权 ${v.abstain}${v.score !== undefined ? `；评审得分 ${v.score} 分` : ''}`,
    ]);
  for (const d of p.decisions ?? [])
    rows.push([
      ACTIONS[d.action as keyof typeof ACTIONS]?.label ?? d.action,
      `${dateTime(d.at)}：${d.reason}`,
    ]);
  return (
    <dl class="readonly">
      {rows.map(([k, val]) => (
        <div key={k + val}>
          <dt>{k}</dt>
          <dd>{val}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The forms for the steps in `actions`. */
function Steps({ view, onDone }: { view: NominationView; onDone: (v: NominationView) => void }) {
  const a = new Set(view.actions ?? []);
  const id = view.id;
  const pub = view.process?.unitPublicity;
  const ranked = view.process?.rankByScore === true;
  return (
    <>
      {a.has('startUnitPublicity') && (
        <StepForm
          title="民主推荐和集体研究"
          submit="保存民主推荐情况"
          build={(fd) => ({
            democratic: {
              date: str(fd, 'democratic.date'),
              voters: int(fd, 'democratic.voters'),
              votesFor: int(fd, 'democratic.votesFor'),
            },
            leadershipDecisionDate: str(fd, 'leadershipDecisionDate'),
          })}
          schema={unitRecommendationRule}
          run={(body) => step(id, 'PUT', 'unit-recommendation', body)}
          onDone={onDone}
        >
          {(err) => (
            <>
              <Field id="ur-date" name="democratic.date" label="民主推荐日期" err={err}>
                <input id="ur-date" name="democratic.date" type="date" />
              </Field>
              <Field id="ur-voters" name="democratic.voters" label="参加民主推荐人数" err={err}>
                <input id="ur-voters" name="democratic.voters" type="number" inputMode="numeric" min={0} />
              </Field>
              <Field id="ur-for" name="democratic.votesFor" label="得票数" err={err}>
                <input id="ur-for" name="democratic.votesFor" type="number" inputMode="numeric" min={0} />
              </Field>
              <Field id="ur-lead" name="leadershipDecisionDate" label="领导班子集体研究日期" err={err}>
                <input id="ur-lead" name="leadershipDecisionDate" type="date" />
              </Field>
            </>
          )}
        </StepForm>
      )}
      {a.has('startUnitPublicity') && <StartUnitPublicity view={view} onDone={onDone} />}
      {a.has('attachNoticePhoto') && view.status === 'unit_publicity' && (
        <div class="step">
          <h3>公示照片</h3>
          {pub && (
            <p class="meta">
              公示至 {officialDate(pub.endsOn)}（
              {lengthLabel(view.process?.publicity?.unit ?? FIVE_WORKING_DAYS)}）
            </p>
          )}
          <ScanUpload
            id={id}
            purpose="notice"
            label="张贴公示的照片"
            inputId="notice-scan"
            onAccepted={() => getNomination(id).then(onDone, () => {})}
          />
        </div>
      )}
      {a.has('closeUnitPublicity') && (
        <StepForm
          title="结束单位公示"
          submit="结束单位公示"
          confirm={confirmationOf('closeUnitPublicity', levelsOfView(view))}
          build={(fd) => ({
            outcome: fd.get('outcome') ?? undefined,
            ...(str(fd, 'note') ? { note: str(fd, 'note') } : {}),
          })}
          run={(body) => step(id, 'POST', 'unit-publicity/close', body)}
          onDone={onDone}
        >
          {(err) => (
            <>
              <fieldset class={err?.field === 'outcome' ? 'field invalid' : 'field'}>
                <legend>公示结果</legend>
                {Object.entries(OUTCOME_LABELS).map(([value, text]) => (
                  <label class="check" key={value}>
                    <input type="radio" name="outcome" value={value} />
                    {text}
                  </label>
                ))}
                {err?.field === 'outcome' && (
                  <p class="err" role="alert">
                    {err.message}
                  </p>
                )}
              </fieldset>
              <Field id="up-note" name="note" label="说明（选填）" err={err}>
                <textarea id="up-note" name="note" rows={2} maxLength={1000} />
              </Field>
            </>
          )}
        </StepForm>
      )}
      {a.has('cancelUnitPublicity') && <CancelUnitPublicity view={view} onDone={onDone} />}
      {a.has('submitToCounty') && (
        <Button view={view} action="submitToCounty" path="submit" onDone={onDone} />
      )}
      {a.has('recordPoliticalReview') && (
        <StepForm
          title="政治审查"
          submit="保存政治审查"
          build={(fd) => ({
            passed: fd.get('passed') === 'true' ? true : fd.get('passed') === 'false' ? false : undefined,
            text: str(fd, 'text'),
            date: str(fd, 'date'),
          })}
          run={(body) => step(id, 'PUT', 'political-review', body)}
          onDone={onDone}
        >
          {(err) => (
            <>
              <YesNo name="passed" legend="政治审查结论" yes="通过" no="未通过" err={err} />
              <Field id="pr-text" name="text" label="审查意见" err={err}>
                <textarea id="pr-text" name="text" rows={2} maxLength={1000} />
              </Field>
              <Field id="pr-date" name="date" label="审查日期" err={err}>
                <input id="pr-date" name="date" type="date" defaultValue={today()} />
              </Field>
            </>
          )}
        </StepForm>
      )}
      {a.has('recordOpinion') &&
        opinionsOfView(view).map((o) => <OpinionForm key={o.id} view={view} opinion={o} onDone={onDone} />)}
      {a.has('recommend') && <Button view={view} action="recommend" path="recommend" onDone={onDone} />}
      {a.has('submitToCity') && (
        <p class="hint">
          已推荐。
          {view.process?.countyReport === false ? (
            ''
          ) : (
            <>
              填写<a href="#/o/report">审核推荐工作报告</a>后，
            </>
          )}
          在<a href="#/">首页</a>统一报送{levelsOfView(view).top}。
        </p>
      )}
      {a.has('recordVote') && (
        <StepForm
          title="评审表决"
          submit="登记评审表决"
          confirm={CONFIRMATIONS.recordVote}
          build={(fd) => ({
            for: int(fd, 'for'),
            against: int(fd, 'against'),
            abstain: int(fd, 'abstain'),
            // asked only when the notice ranks by score; left empty, the server names what is missing
            ...(ranked && str(fd, 'score') !== '' ? { score: Number(str(fd, 'score')) } : {}),
          })}
          run={(body) => step(id, 'POST', 'vote', body)}
          onDone={onDone}
        >
          {(err) => (
            <>
              {(['for', 'against', 'abstain'] as const).map((k) => (
                <Field
                  key={k}
                  id={`vote-${k}`}
                  name={k}
                  label={{ for: '赞成票', against: '反对票', abstain: '弃权票' }[k]}
                  err={err}
                >
                  <input id={`vote-${k}`} name={k} type="number" inputMode="numeric" min={0} />
                </Field>
              ))}
              {ranked && (
                <Field
                  id="vote-score"
                  name="score"
                  label="评审得分"
                  hint="按得分排序，0–100 分，最多一位小数"
                  err={err}
                >
                  <input
                    id="vote-score"
                    name="score"
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={100}
                    step={0.1}
                  />
                </Field>
              )}
            </>
          )}
        </StepForm>
      )}
      {a.has('upholdObjection') && (
        <p class="hint">
          异议在<a href="#/o/cases">异议处理</a>中办理。
        </p>
      )}
      {a.has('returnToUnit') && (
        <ReasonForm view={view} action="returnToUnit" path="return-to-unit" onDone={onDone} />
      )}
      {a.has('decline') && <ReasonForm view={view} action="decline" path="decline" onDone={onDone} />}
      {a.has('returnToCounty') && (
        <ReasonForm view={view} action="returnToCounty" path="return-to-county" onDone={onDone} />
      )}
      {a.has('withdraw') && <ReasonForm view={view} action="withdraw" path="withdraw" onDone={onDone} />}
      {a.has('copyToDraft') && <CopyToDraft view={view} />}
    </>
  );
}

/** `role`: the reader; the county and the city office also see the scans the record names. */
export function ProcessPanel({ id, role }: { id: string; role?: Role }) {
  const [view, setView] = useState<NominationView | null>(() => latestNomination(id));
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const load = () => {
    setError('');
    getNomination(id).then(setView, (e) => setError(failureOf(e).message));
  };
  // The page above read or saved the nomination and answers with it: follow it (no second read).
  useEffect(() => followNominations((v) => v.id === id && setView(v)), [id]);
  useEffect(() => {
    if (!latestNomination(id)) load();
  }, [id]);
  if (error) return <LoadFailed error={error} retry={load} />;
  if (!view) return <p class="loading">正在加载审核流程…</p>;
  const onDone = (v: NominationView) => {
    setDone(
      v.status !== view.status ? `已完成，当前状态：${statusLabelIn(v.status, levelsOfView(v))}` : '已保存',
    );
    // The whole page follows: the form above turns read-only once the unit may no longer edit.
    publishNomination(v);
  };
  return (
    <section class="card process" aria-labelledby="process-title">
      <h2 id="process-title">审核流程</h2>
      <p class="meta">
        当前状态：<strong>{statusLabelIn(view.status, levelsOfView(view))}</strong>
      </p>
      <p class="ok" role="status">
        {done}
      </p>
      <CopiedFrom view={view} />
      <Record view={view} />
      {(role === 'county' || role === 'city') && <ScanGallery view={view} />}
      <Steps view={view} onDone={onDone} />
    </section>
  );
}
