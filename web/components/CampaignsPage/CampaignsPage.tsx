/**
 * The campaigns an account takes part in (#/o/campaigns): after a login with several, and from
 * the header's 切换评选活动. Entering one exchanges the token for that campaign's (its role and
 * region there) and opens its home page: the city office's dashboard, a county's inbox, a unit's
 * list. The city office also starts campaigns here: a copy of the one it works in (title, 文号
 * and deadlines changed), or a definition file (the server names the line and field of every
 * mistake); and changes the current one's title, 文号 and deadlines before units start.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Principal, ROLE_LABELS } from '#shared/roles';
import { type CampaignChoice, loadSession, type Session } from '../../storage.ts';
import '../Admin/style.ts';
import { type Failure, Field, FileStatus, failureOf, LoadFailed, StepForm, str } from '../Process/form.tsx';
import { type CopyEdits, createCampaign, getMe, saveNotice, switchCampaign } from '../Process/process-api.ts';
import '../Process/style.ts';

/** A definition file as text (UTF-8; YAML and JSON files are written in it). */
async function readText(file: File): Promise<string> {
  return new TextDecoder('utf-8').decode(await new Response(file).arrayBuffer());
}

/** The notice's deadline fields: name, label, hint. */
const DEADLINE_FIELDS = [
  ['deadlines.countyToCity', '县区报送截止日期', '不填则沿用原日期'],
  ['deadlines.unitToCounty', '单位报送截止日期', '不填则为县区截止日期前 7 天'],
] as const;

/** The notice's title, 文号 and deadlines, each left empty to keep it as it is. */
function NoticeFields({ prefix, err }: { prefix: string; err: Failure | null }) {
  return (
    <>
      <Field id={`${prefix}-title`} name="title" label="活动名称" err={err} hint="不填则沿用原名称">
        <input id={`${prefix}-title`} name="title" maxLength={120} autoComplete="off" />
      </Field>
      <Field id={`${prefix}-doc`} name="docNumber" label="文号" err={err} hint="如：濮人社函〔2025〕1号">
        <input id={`${prefix}-doc`} name="docNumber" maxLength={60} autoComplete="off" />
      </Field>
      {DEADLINE_FIELDS.map(([name, label, hint]) => (
        <Field key={name} id={`${prefix}-${name}`} name={name} label={label} err={err} hint={hint}>
          <input id={`${prefix}-${name}`} name={name} type="date" />
        </Field>
      ))}
    </>
  );
}

/** The notice's edits from the form: only what was typed. */
function copyEdits(fd: FormData): CopyEdits {
  const title = str(fd, 'title');
  const docNumber = str(fd, 'docNumber');
  const unitToCounty = str(fd, 'deadlines.unitToCounty');
  const countyToCity = str(fd, 'deadlines.countyToCity');
  const deadlines = {
    ...(unitToCounty ? { unitToCounty } : {}),
    ...(countyToCity ? { countyToCity } : {}),
  };
  return {
    ...(title ? { title } : {}),
    ...(docNumber ? { docNumber } : {}),
    ...(unitToCounty || countyToCity ? { deadlines } : {}),
  };
}

export function CampaignsPage({
  principal,
  onSession,
}: {
  principal: Principal;
  onSession: (s: Session) => void;
}) {
  const [campaigns, setCampaigns] = useState<CampaignChoice[] | null>(null);
  const [error, setError] = useState('');
  const [entering, setEntering] = useState('');
  const [created, setCreated] = useState<{ id: string; title: string; participants: number } | null>(null);
  const [definition, setDefinition] = useState<{ name: string; text: string } | null>(null);
  const [fileErr, setFileErr] = useState('');
  const [saved, setSaved] = useState(false);
  const load = () => {
    setError('');
    getMe().then(
      (me) => {
        setCampaigns(me.campaigns);
        // the header's switcher and the accounts page read the session's list: keep it current
        const s = loadSession();
        if (s) onSession({ ...s, campaigns: me.campaigns });
      },
      (e) => setError(failureOf(e).message),
    );
  };
  useEffect(load, []);

  /** Work on this campaign: its token, then its home page. */
  const enter = async (c: CampaignChoice) => {
    setError('');
    if (c.id === principal.campaignId) {
      location.hash = '#/';
      return;
    }
    setEntering(c.id);
    try {
      const s = await switchCampaign(c.id);
      onSession({ ...s, campaigns: campaigns ?? [] });
      location.hash = '#/';
    } catch (e) {
      setEntering('');
      setError(failureOf(e).message);
    }
  };

  if (error && !campaigns) return <LoadFailed error={error} retry={load} />;
  if (!campaigns) return <p class="loading">正在加载…</p>;
  const current = campaigns.find((c) => c.id === principal.campaignId);
  const city = principal.role === 'city';
  const done = (r: { campaign: { id: string; title: string }; participants: number }) => {
    setCreated({ ...r.campaign, participants: r.participants });
    setDefinition(null);
    load();
  };
  return (
    <>
      <section class="card" aria-labelledby="campaigns-title">
        <p class="nav">
          <a href="#/">返回</a>
        </p>
        <h1 id="campaigns-title">评选活动</h1>
        <p class="hint">本账号参加以下评选活动，请选择要办理的活动。</p>
        {error && (
          <p class="err" role="alert">
            {error}
          </p>
        )}
        <ul class="campaigns">
          {campaigns.map((c) => (
            <li key={c.id}>
              <span class="campaign-title">
                {c.title}
                <small>{ROLE_LABELS[c.role]}</small>
              </span>
              {c.id === principal.campaignId ? (
                <a class="button" href="#/">
                  当前活动
                </a>
              ) : (
                <button
                  type="button"
                  class="primary"
                  disabled={!!entering}
                  aria-label={`进入${c.title}`}
                  onClick={() => enter(c)}
                >
                  {entering === c.id ? '正在进入…' : city && c.role === 'city' ? '进入并查看进度' : '进入'}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {city && created && (
        <section class="card" role="status">
          <p>
            已新建“{created.title}”，{created.participants} 个账号已加入。
          </p>
          <button
            type="button"
            class="primary"
            onClick={() => enter({ id: created.id, title: created.title, role: 'city' })}
          >
            进入新活动
          </button>
        </section>
      )}
      {city && (
        <section class="card cols" aria-label="修改和新建评选活动">
          <StepForm<unknown>
            title={`修改“${current?.title ?? '当前活动'}”`}
            submit="保存修改"
            build={(fd) => ({ notice: copyEdits(fd) })}
            run={(body) => saveNotice(principal.campaignId, (body as { notice: CopyEdits }).notice)}
            onDone={() => {
              setSaved(true);
              load();
            }}
          >
            {(err) => (
              <>
                <p class="hint">
                  单位开始填报前，可修改活动名称、文号和截止日期；此后截止日期只能在评选设置中延期。
                </p>
                <NoticeFields prefix="edit" err={err} />
                {saved && <p role="status">已保存</p>}
              </>
            )}
          </StepForm>
          <StepForm<{ campaign: { id: string; title: string }; participants: number }>
            title={`复制“${current?.title ?? '当前活动'}”`}
            submit="复制并新建"
            build={(fd) => ({ copyOf: principal.campaignId, ...copyEdits(fd) })}
            run={(body) => createCampaign(body as { copyOf: string } & CopyEdits)}
            onDone={done}
          >
            {(err) => (
              <>
                <p class="hint">复制评选细则、地区和名额，参加本活动的单位、县区和审计账号一并加入新活动。</p>
                <NoticeFields prefix="copy" err={err} />
              </>
            )}
          </StepForm>
          <StepForm<{ campaign: { id: string; title: string }; participants: number }>
            title="从评选定义文件新建"
            submit="上传并新建"
            build={() => ({ definition: definition?.text ?? '' })}
            run={(body) => createCampaign(body as { definition: string })}
            onDone={done}
          >
            {(err) => (
              <Field
                id="def-file"
                name="definition"
                label="评选定义文件"
                err={err}
                hint="YAML 或 JSON 格式（.yaml、.yml、.json）。新活动只有本办账号：单位、县区等账号可在原活动的账号管理中“加入所选活动”，或在新活动中签发。"
              >
                <input
                  id="def-file"
                  name="definition"
                  type="file"
                  accept=".yaml,.yml,.json"
                  onChange={(e) => {
                    const f = (e.currentTarget as HTMLInputElement).files?.[0];
                    setFileErr('');
                    setDefinition(null);
                    if (f)
                      readText(f).then(
                        (text) => setDefinition({ name: f.name, text }),
                        () => setFileErr('无法读取所选文件，请重新选择'),
                      );
                  }}
                />
                <FileStatus chosen={definition && `已选择 ${definition.name}`} error={fileErr} />
              </Field>
            )}
          </StepForm>
        </section>
      )}
    </>
  );
}
