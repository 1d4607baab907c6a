/**
 * The city publicity on the city office's dashboard, in rounds. 预览新一轮公示 shows who would go
 * in (passed the vote, not yet published), which regions have not reported yet and who still
 * awaits a vote, and asks for confirmation before the round starts. Every round is listed with its
 * 5-working-day window; 正式确定 confirms each nominee whose own round has ended with no open
 * objection, and names those still waiting.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CityPublicityRound } from '#shared/campaign';
import { cityPublicityStart } from '#shared/dates';
import { type LevelNames, levelNames, PUYANG_LEVELS } from '#shared/levels';
import { lengthLabel, type PublicityLength } from '#shared/publicity-length';
import { officialDate } from '#shared/text';
import { loadCampaign } from '../../api.ts';
import { confirmations } from '../ConfirmDialog/ConfirmDialog.tsx';
import { dateRule, Field, failureOf, StepForm, str, today } from '../Process/form.tsx';
import {
  type ConfirmResult,
  confirmList,
  previewRound,
  type RoundPreview,
  type RoundResult,
  startRound,
} from '../Process/process-api.ts';

function Names({ list }: { list: RoundPreview['nominees'] }) {
  return (
    <ul class="names">
      {list.map((n) => (
        <li key={n.id}>
          <a href={`#/n/${n.id}`}>{n.name}</a>（{n.categoryLabel}，{n.regionName}
          {n.score !== undefined ? `，评审得分 ${n.score} 分` : ''}）
        </li>
      ))}
    </ul>
  );
}

/** What the round would do; the office confirms or goes back. */
function Preview(props: {
  preview: RoundPreview;
  length: PublicityLength;
  levels: LevelNames;
  onStarted: (r: RoundResult) => void;
  onCancel: () => void;
}) {
  const { preview: p } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const start = async () => {
    setBusy(true);
    setError('');
    try {
      props.onStarted(await startRound(p.startsOn));
    } catch (e) {
      setError(failureOf(e).message);
    }
    setBusy(false);
  };
  const unreported = p.regionsNotReported;
  return (
    <section class="step" aria-label="新一轮公示预览">
      <h3>
        第 {p.round} 轮公示：{officialDate(p.startsOn)} 至 {officialDate(p.endsOn)}（
        {lengthLabel(props.length)}）
      </h3>
      {p.nominees.length ? (
        <>
          <p>将公示以下 {p.nominees.length} 个评审通过的对象：</p>
          <Names list={p.nominees} />
        </>
      ) : (
        <p class="err">没有评审通过且尚未公示的对象，不能开始新一轮公示。</p>
      )}
      {unreported.length > 0 && (
        <div class="warn" role="note">
          <p>以下地区尚未报送完毕，其对象不在本轮：</p>
          <ul>
            {unreported.map((r) => (
              <li key={r.regionId}>
                {r.regionName}
                {r.reported ? '' : `：尚未向${props.levels.top}报送`}
                {r.unsent ? `：已推荐未报送 ${r.unsent} 个` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.awaitingVote.length > 0 && (
        <div class="warn" role="note">
          <p>
            以下 {p.awaitingVote.length} 个对象尚未表决（或已退回{props.levels.middle}），不在本轮：
          </p>
          <Names list={p.awaitingVote} />
        </div>
      )}
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={busy || p.nominees.length === 0} onClick={start}>
          {busy ? '正在开始…' : `确认开始第 ${p.round} 轮公示`}
        </button>
        <button type="button" disabled={busy} onClick={props.onCancel}>
          返回修改
        </button>
      </div>
    </section>
  );
}

export function PublicityRounds(props: {
  campaignId: string;
  rounds: CityPublicityRound[];
  meetingDate?: string;
  /** How long each round runs (the campaign's definition). */
  length: PublicityLength;
  /** After a round starts or nominees are confirmed: the dashboard reloads. */
  onChanged: () => void;
  /** The campaign's level names (市级, 市评选办); read from the campaign when not given. */
  levels?: LevelNames;
}) {
  const [read, setRead] = useState<LevelNames | null>(null);
  useEffect(() => {
    if (!props.levels)
      loadCampaign(props.campaignId).then(
        (info) => setRead(levelNames(info.campaign.definition)),
        () => undefined,
      );
  }, [props.levels, props.campaignId]);
  const levels = props.levels ?? read ?? PUYANG_LEVELS;
  const [preview, setPreview] = useState<RoundPreview | null>(null);
  const [started, setStarted] = useState<RoundResult | null>(null);
  const [confirmed, setConfirmed] = useState<ConfirmResult | null>(null);
  const rounds = props.rounds;
  const day = today();
  return (
    <section class="card" aria-labelledby="rounds-title">
      <h2 id="rounds-title">{levels.topLevel}公示</h2>
      {rounds.length === 0 ? (
        <p class="meta">
          尚未开始{levels.topLevel}公示。评审会表决通过的对象分轮公示，每轮 {lengthLabel(props.length)}。
        </p>
      ) : (
        <ul class="rounds">
          {rounds.map((r) => (
            <li key={r.round}>
              第 {r.round} 轮：{officialDate(r.startsOn)} 至 {officialDate(r.endsOn)}，{r.count} 个对象
              <span class="tag">{day > r.endsOn ? '已期满' : day < r.startsOn ? '未开始' : '公示中'}</span>
            </li>
          ))}
        </ul>
      )}
      {started && (
        <p class="ok" role="status">
          第 {started.round} 轮公示已开始：{started.done.length} 个对象已公示
          {started.refused.length
            ? `，${started.refused.length} 个未能公示：${started.refused.map((r) => `${r.name}（${r.message}）`).join('；')}`
            : ''}
          。<a href={`#/public/${props.campaignId}`}>查看公示页面</a>
        </p>
      )}
      {preview ? (
        <Preview
          preview={preview}
          length={props.length}
          levels={levels}
          onCancel={() => setPreview(null)}
          onStarted={(r) => {
            setPreview(null);
            setStarted(r);
            props.onChanged();
          }}
        />
      ) : (
        <StepForm
          title="开始新一轮公示"
          submit="预览新一轮公示"
          build={(fd) => ({ startsOn: str(fd, 'startsOn') })}
          schema={dateRule((b: { startsOn: string }) =>
            b.startsOn
              ? cityPublicityStart({
                  startsOn: b.startsOn,
                  today: today(),
                  ...(props.meetingDate ? { meetingDate: props.meetingDate } : {}),
                  levels,
                })
              : null,
          )}
          run={(body) => previewRound((body as { startsOn: string }).startsOn)}
          onDone={(p) => {
            setStarted(null);
            setPreview(p);
          }}
        >
          {(err) => (
            <Field
              id="cp-start"
              name="startsOn"
              label="公示开始日期"
              hint={`不早于评审会日期，不晚于今天；每轮公示 ${lengthLabel(props.length)}，由系统计算`}
              err={err}
            >
              <input id="cp-start" name="startsOn" type="date" defaultValue={day} max={day} />
            </Field>
          )}
        </StepForm>
      )}
      {rounds.length > 0 && (
        <StepForm
          title="正式确定"
          submit="正式确定公示期满的对象"
          confirm={confirmations(levels).confirm}
          build={() => undefined}
          run={() => confirmList(props.campaignId)}
          onDone={(r) => {
            setConfirmed(r);
            props.onChanged();
          }}
        >
          {() => (
            <p class="hint">本轮公示期满且无未办结异议的对象将被正式确定；其他轮次的对象在各自期满后确定。</p>
          )}
        </StepForm>
      )}
      {confirmed && (
        <div role="status">
          <p class={confirmed.done.length ? 'ok' : 'meta'}>已正式确定 {confirmed.done.length} 个</p>
          {confirmed.refused.map((r) => (
            <p class="err" key={r.id}>
              <a href={`#/n/${r.id}`}>{r.name}</a>：{r.message}
            </p>
          ))}
          {confirmed.waiting.map((w) => (
            <p class="meta" key={w.id}>
              <a href={`#/n/${w.id}`}>{w.name}</a>：公示至 {officialDate(w.endsOn)}，期满后再确定
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
