/**
 * The city publicity, public and without login (#/public/<campaignId>): who is on the list, from
 * when to when, how to object, and an objection form under each entry. Real name and phone are
 * optional, but only objections that give them are accepted for investigation; anonymous ones are
 * recorded.
 */
import { useEffect, useState } from 'preact/hooks';
import { officialDate } from '#shared/text';
import { ApiFailure } from '../../api.ts';
import { Field, LoadFailed, StepForm, str } from '../Process/form.tsx';
import { fileObjection, getPublicity, type Publicity } from '../Process/process-api.ts';
import '../Process/style.ts';
import '../Lazy/style.ts';

type Entry = Publicity['entries'][number];

function ObjectionForm({ campaignId, entry }: { campaignId: string; entry: Entry }) {
  const [answer, setAnswer] = useState<{ accepted: boolean; message: string; receipt: string } | null>(null);
  if (answer)
    return (
      <div class={answer.accepted ? 'ok receipt' : 'err receipt'} role="status">
        <p>{answer.message}</p>
        <p>
          {answer.accepted ? '受理编号' : '编号'}：<strong class="receipt-number">{answer.receipt}</strong>
          （请记下，查询或补充材料时提供）
        </p>
      </div>
    );
  const p = `obj-${entry.id}`;
  return (
    <StepForm
      submit={`提交对${entry.name}的异议`}
      build={(fd) => ({
        nominationId: entry.id,
        content: str(fd, 'content'),
        ...(str(fd, 'name') ? { name: str(fd, 'name') } : {}),
        ...(str(fd, 'phone') ? { phone: str(fd, 'phone') } : {}),
      })}
      run={(body) => fileObjection(campaignId, body)}
      onDone={setAnswer}
    >
      {(err) => (
        <>
          <Field id={`${p}-content`} name="content" label="异议内容" err={err}>
            <textarea id={`${p}-content`} name="content" rows={4} maxLength={2000} />
          </Field>
          <p class="hint">请如实填写真实姓名和联系电话，以便核实和反馈。匿名异议会被记录，但不予受理。</p>
          <Field id={`${p}-name`} name="name" label="真实姓名（选填）" err={err}>
            <input id={`${p}-name`} name="name" maxLength={20} autoComplete="name" />
          </Field>
          <Field id={`${p}-phone`} name="phone" label="联系电话（选填）" err={err}>
            <input
              id={`${p}-phone`}
              name="phone"
              type="tel"
              inputMode="tel"
              maxLength={20}
              autoComplete="tel"
            />
          </Field>
        </>
      )}
    </StepForm>
  );
}

export function PublicityPage({ campaignId }: { campaignId: string }) {
  const [data, setData] = useState<Publicity | null>(null);
  const [error, setError] = useState('');
  const load = () => {
    setError('');
    getPublicity(campaignId).then(setData, (e) =>
      setError(
        e instanceof ApiFailure && e.status === 404
          ? '公示尚未开始，或该评选不存在。'
          : e instanceof ApiFailure
            ? e.message
            : '加载失败，请重试',
      ),
    );
  };
  useEffect(load, [campaignId]);

  let body = <p class="loading">正在加载…</p>;
  if (error) body = <LoadFailed error={error} retry={load} />;
  else if (data) {
    const ch = data.channels;
    body = (
      <>
        <section class="card">
          <h1>{data.title}拟表彰对象公示</h1>
          <p class="meta">文号：{data.docNumber}</p>
          {data.rounds.length ? (
            data.rounds.map((r) => (
              <p key={r.round}>
                {data.rounds.length > 1 ? `第 ${r.round} 轮` : ''}公示时间：
                <strong>{officialDate(r.startsOn)}</strong> 至 <strong>{officialDate(r.endsOn)}</strong>（
                {r.entries.length} 个对象）
              </p>
            ))
          ) : (
            <p>
              {data.latest ? `公示已于 ${officialDate(data.latest.endsOn)} 结束，` : ''}
              当前没有正在公示的名单。
            </p>
          )}
          <h2>异议反映渠道</h2>
          <dl class="readonly">
            <div>
              <dt>电话</dt>
              <dd>{ch.phone}</dd>
            </div>
            {ch.letter && (
              <div>
                <dt>来信</dt>
                <dd>{ch.letter}</dd>
              </div>
            )}
            {ch.email && (
              <div>
                <dt>电子邮箱</dt>
                <dd>{ch.email}</dd>
              </div>
            )}
            {ch.visit && (
              <div>
                <dt>来访</dt>
                <dd>{ch.visit}</dd>
              </div>
            )}
          </dl>
          <p class="hint">
            也可在下方名单中对某一对象在线提出异议。反映问题应实事求是，提供真实姓名和联系电话的予以受理。
          </p>
          {data.issuers.length > 0 && <p class="meta">{data.issuers.join('　')}</p>}
        </section>
        <section class="card" aria-labelledby="entries-title">
          <h2 id="entries-title">公示名单（{data.entries.length}）</h2>
          {data.entries.length === 0 && <p class="empty">名单为空</p>}
          {data.entries.map((e) => (
            <div class="entry" key={e.id}>
              {data.rounds.length > 1 && <span class="tag">第 {e.round} 轮</span>}
              <strong>{e.name}</strong>
              <span class="tag">{e.categoryLabel}</span>
              <p class="sub">{[...e.details, e.regionName].filter(Boolean).join('，')}</p>
              <details>
                <summary>对{e.name}提出异议</summary>
                <ObjectionForm campaignId={campaignId} entry={e} />
              </details>
            </div>
          ))}
        </section>
      </>
    );
  }
  return (
    <>
      <header class="topbar">
        <span class="brand">评选公示</span>
      </header>
      <main class="page">{body}</main>
    </>
  );
}
