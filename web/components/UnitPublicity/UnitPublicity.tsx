/**
 * The unit's publicity steps and its ways back, on the unit's nomination page: starting the unit
 * publicity (posted before today, it asks for the photo of the posted notice first), cancelling a
 * publicity started by mistake (with a reason), and copying a withdrawn or declined nomination
 * into a new draft (form and photo, no re-typing). The date rules are the API's own
 * (shared/dates.ts), so a mistake is named under its field before anything is sent.
 */
import { useState } from 'preact/hooks';
import { unitPublicityStart, unitRecommendationDates } from '#shared/dates';
import type { NominationView } from '#shared/nomination';
import { FIVE_WORKING_DAYS, lengthLabel } from '#shared/publicity-length';
import { officialDate } from '#shared/text';
import { CONFIRMATIONS } from '../ConfirmDialog/ConfirmDialog.tsx';
import { dateRule, Field, StepForm, str, today } from '../Process/form.tsx';
import { step } from '../Process/process-api.ts';
import { ScanUpload } from '../ProcessPanel/ProcessPanel.tsx';

/** The unit recommendation's dates: 民主推荐 ≤ 班子研究 ≤ today. */
export const unitRecommendationRule = dateRule(
  (b: { democratic: { date: string }; leadershipDecisionDate: string }) =>
    b.democratic.date && b.leadershipDecisionDate
      ? unitRecommendationDates({
          democraticDate: b.democratic.date,
          leadershipDecisionDate: b.leadershipDecisionDate,
          today: today(),
        })
      : null,
);

/** 开始单位公示: the day the notice was posted; an earlier day than today needs its photo first. */
export function StartUnitPublicity(props: { view: NominationView; onDone: (v: NominationView) => void }) {
  const { view } = props;
  const [postedOn, setPostedOn] = useState(today());
  const [noticeScanId, setNoticeScanId] = useState('');
  const rec = view.process?.unitRecommendation;
  const backdated = postedOn !== '' && postedOn < today();
  return (
    <StepForm
      title="单位公示"
      submit="开始单位公示"
      confirm={CONFIRMATIONS.startUnitPublicity}
      build={(fd) => ({
        postedOn: str(fd, 'postedOn'),
        ...(backdated && noticeScanId ? { noticeScanId } : {}),
      })}
      schema={dateRule((b: { postedOn: string; noticeScanId?: string }) =>
        b.postedOn
          ? unitPublicityStart({
              postedOn: b.postedOn,
              today: today(),
              noticeScan: !!b.noticeScanId,
              ...(rec
                ? { democraticDate: rec.democratic.date, leadershipDecisionDate: rec.leadershipDecisionDate }
                : {}),
            })
          : null,
      )}
      run={(body) => step(view.id, 'POST', 'unit-publicity', body)}
      onDone={props.onDone}
    >
      {(err) => (
        <>
          <Field
            id="up-posted"
            name="postedOn"
            label="公示张贴日期"
            hint={`公示期为 ${lengthLabel(view.process?.publicity?.unit ?? FIVE_WORKING_DAYS)}，由系统计算；公示期满后才能结束公示`}
            err={err}
          >
            <input
              id="up-posted"
              name="postedOn"
              type="date"
              value={postedOn}
              max={today()}
              onInput={(e) => setPostedOn((e.currentTarget as HTMLInputElement).value)}
            />
          </Field>
          {backdated && (
            <div class={err?.field === 'noticeScanId' ? 'field invalid' : 'field'}>
              <p class="hint">
                公示已于 {officialDate(postedOn)} 张贴（早于今天），请先上传张贴公示的照片作为凭证。
              </p>
              <ScanUpload
                id={view.id}
                purpose="notice"
                label="张贴公示的照片"
                inputId="up-notice"
                onAccepted={setNoticeScanId}
              />
              {err?.field === 'noticeScanId' && (
                <p class="err" role="alert">
                  {err.message}
                </p>
              )}
            </div>
          )}
          {/* the field the server may name, so its message lands here */}
          <input type="hidden" name="noticeScanId" value={noticeScanId} />
        </>
      )}
    </StepForm>
  );
}

/** 取消单位公示: back to where it started, with a reason kept on the record. */
export function CancelUnitPublicity(props: { view: NominationView; onDone: (v: NominationView) => void }) {
  return (
    <StepForm
      title="取消单位公示"
      submit="取消单位公示"
      danger
      build={(fd) => ({ reason: str(fd, 'reason') })}
      run={(body) => step(props.view.id, 'POST', 'unit-publicity/cancel', body)}
      onDone={props.onDone}
    >
      {(err) => (
        <Field
          id="cancel-publicity-reason"
          name="reason"
          label="取消的理由"
          hint="误开始的公示可在结束前取消，取消后可重新填写日期并开始公示；取消记录会保留"
          err={err}
        >
          <textarea id="cancel-publicity-reason" name="reason" rows={2} maxLength={500} />
        </Field>
      )}
    </StepForm>
  );
}

/** 复制为新草稿: the ended nomination stays; a new draft opens with its form and photo. */
export function CopyToDraft({ view }: { view: NominationView }) {
  const copied = view.process?.copiedTo;
  if (copied)
    return (
      <p class="hint">
        已复制为新草稿：<a href={`#/n/${copied}`}>打开新草稿</a>
      </p>
    );
  return (
    <StepForm
      title="重新推荐"
      submit="复制为新草稿"
      build={() => undefined}
      run={() => step(view.id, 'POST', 'copy')}
      onDone={(copy) => {
        location.hash = `/n/${copy.id}`;
      }}
    >
      {() => <p class="hint">将本推荐的表单和照片复制为一份新草稿，修改后可重新公示、报送，无需重新填写。</p>}
    </StepForm>
  );
}

/** Where a copy came from, on the copy's page. */
export function CopiedFrom({ view }: { view: NominationView }) {
  const from = view.process?.copiedFrom;
  return from ? (
    <p class="hint">
      本草稿复制自<a href={`#/n/${from}`}>原推荐</a>。
    </p>
  ) : null;
}
