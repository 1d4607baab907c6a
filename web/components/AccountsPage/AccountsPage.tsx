/**
 * The city office's accounts (#/o/accounts): every account of the campaign, one created, units
 * imported from a "地区,单位名称" list (pasted, read from a .csv file, or an .xlsx file sent as
 * it is: the server reads its first worksheet), a code reissued or an account revoked. New codes
 * are shown once, on a printable sheet with QR codes. When the office runs other campaigns too,
 * an account here can take part in one of them as well (same role and region).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Region } from '#shared/campaign';
import { type Principal, ROLE_LABELS, type Role } from '#shared/roles';
import { MAX_UNIT_LIST_XLSX_BYTES } from '#shared/unit-list';
import { getCampaign } from '../../api.ts';
import { loadSession } from '../../storage.ts';
import {
  type Account,
  addToCampaign,
  type Issued,
  importAccounts,
  issueAccount,
  listAccounts,
  reissueCode,
  revokeAccount,
  size,
} from '../Admin/admin-api.ts';
import '../Admin/style.ts';
import { type Failure, Field, FileStatus, failureOf, LoadFailed, StepForm, str } from '../Process/form.tsx';
import '../Process/style.ts';
import { CodeSheet } from './CodeSheet.tsx';

const ROLES: Role[] = ['unit', 'county', 'auditor', 'city'];

/** A chosen file's text: UTF-8, or GB18030 as Excel saves CSV on Chinese Windows. */
async function readText(file: File): Promise<string> {
  const buf = await new Response(file).arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** A chosen file's bytes as base64 (what the JSON body carries). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** An .xlsx chosen for import: sent as it is. */
interface Workbook {
  name: string;
  bytes: number;
  base64: string;
}

export function AccountsPage({ principal }: { principal: Principal }) {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const [error, setError] = useState('');
  const [issued, setIssued] = useState<Issued[] | null>(null);
  const [role, setRole] = useState<Role>('unit');
  const [csv, setCsv] = useState('');
  const [xlsx, setXlsx] = useState<Workbook | null>(null);
  const [fileErr, setFileErr] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const [rowErr, setRowErr] = useState<Failure | null>(null);
  const [joined, setJoined] = useState('');
  // the other campaigns this office runs: an account here may take part in one of them too
  const others = (loadSession()?.campaigns ?? []).filter(
    (c) => c.role === 'city' && c.id !== principal.campaignId,
  );
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const load = () => {
    setError('');
    listAccounts().then(
      (r) => setAccounts(r.accounts),
      (e) => setError(failureOf(e).message),
    );
  };
  useEffect(() => {
    load();
    getCampaign(principal.campaignId).then(
      (i) => setRegions(i.campaign.regions),
      () => {},
    );
  }, []);
  const regionName = (id?: string) => regions.find((r) => r.id === id)?.name ?? id ?? '';
  const show = (list: Issued[]) => {
    setIssued(list);
    load();
    window.scrollTo(0, 0);
  };

  const act = async (a: Account, what: 'code' | 'revoke') => {
    const q =
      what === 'code'
        ? `为“${a.name}”重新签发登录码？旧登录码将立即失效。`
        : `停用“${a.name}”？其登录码立即失效，已登录的设备也将退出。`;
    if (!window.confirm(q)) return;
    setRowErr(null);
    try {
      if (what === 'code') show([await reissueCode(a.accountId)]);
      else {
        await revokeAccount(a.accountId);
        load();
      }
    } catch (e) {
      setRowErr(failureOf(e));
    }
  };

  const join = async (a: Account) => {
    const to = others.find((c) => c.id === target);
    if (!to || !window.confirm(`让“${a.name}”以同一角色、同一地区参加“${to.title}”？`)) return;
    setRowErr(null);
    setJoined('');
    try {
      await addToCampaign(a.accountId, to.id);
      setJoined(`“${a.name}”已加入“${to.title}”`);
    } catch (e) {
      setRowErr(failureOf(e));
    }
  };

  const pick = async (f: File) => {
    setFileErr('');
    setXlsx(null);
    if (/\.xls$/i.test(f.name)) {
      setFileErr('这是旧版 Excel 文件（.xls），请在 Excel 中“另存为” .xlsx 后再选择');
    } else if (/\.xlsx$/i.test(f.name)) {
      if (f.size > MAX_UNIT_LIST_XLSX_BYTES) {
        setFileErr(`文件过大（上限 ${size(MAX_UNIT_LIST_XLSX_BYTES)}），请只保留单位名单后再选择`);
      } else {
        setCsv('');
        setXlsx({ name: f.name, bytes: f.size, base64: await readBase64(f) });
      }
    } else setCsv(await readText(f));
  };

  const needsRegion = role === 'unit' || role === 'county';
  return (
    <>
      <section class="card">
        <p class="nav">
          <a href="#/">返回</a>
        </p>
        <h1>账号管理</h1>
        <p class="hint">登录码只在签发时显示一次，请打印后分发；遗失时重新签发即可。</p>
      </section>
      {issued && <CodeSheet issued={issued} regionName={regionName} onClose={() => setIssued(null)} />}
      <section class="card cols">
        <StepForm<Issued>
          title="新建账号"
          submit="创建并显示登录码"
          build={(fd) => {
            const regionId = str(fd, 'regionId');
            return { role: str(fd, 'role'), name: str(fd, 'name'), ...(regionId ? { regionId } : {}) };
          }}
          run={(body) => issueAccount(body as Parameters<typeof issueAccount>[0])}
          onDone={(r) => show([r])}
        >
          {(err) => (
            <>
              <Field id="acc-role" name="role" label="角色" err={err}>
                <select
                  id="acc-role"
                  name="role"
                  value={role}
                  onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </Field>
              <Field
                id="acc-name"
                name="name"
                label={role === 'unit' ? '单位名称' : '名称'}
                hint={role === 'unit' ? '如：华龙区财政局' : undefined}
                err={err}
              >
                <input id="acc-name" name="name" maxLength={60} autoComplete="off" />
              </Field>
              {needsRegion && (
                <Field id="acc-region" name="regionId" label="地区" err={err}>
                  <select id="acc-region" name="regionId">
                    {regions.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
            </>
          )}
        </StepForm>
        <StepForm<{ issued: Issued[] }>
          title="批量导入推荐单位"
          submit="导入并显示登录码"
          build={() => (xlsx ? { xlsx: xlsx.base64 } : { csv })}
          run={(body) => importAccounts(body as { csv: string } | { xlsx: string })}
          onDone={(r) => {
            setCsv('');
            setXlsx(null);
            if (fileInput.current) fileInput.current.value = '';
            show(r.issued);
          }}
        >
          {(err) => (
            <>
              <Field
                id="acc-csv"
                name="csv"
                label="单位名单"
                hint="每行一个单位：地区,单位名称（如：华龙区,华龙区财政局）；第一行可为表头。"
                err={err}
              >
                <textarea
                  id="acc-csv"
                  name="csv"
                  rows={6}
                  value={csv}
                  placeholder={'地区,单位名称\n华龙区,华龙区财政局'}
                  disabled={!!xlsx}
                  onInput={(e) => setCsv((e.currentTarget as HTMLTextAreaElement).value)}
                />
              </Field>
              <Field
                id="acc-file"
                name="xlsx"
                label="或选择 .csv / .xlsx 文件"
                hint="Excel 文件读取第一个工作表：县区（或地区）一列、单位名称一列。"
                err={err}
              >
                <input
                  ref={fileInput}
                  id="acc-file"
                  name="xlsx"
                  type="file"
                  accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  onChange={(e) => {
                    const f = (e.currentTarget as HTMLInputElement).files?.[0];
                    if (f) pick(f).catch(() => setFileErr('无法读取所选文件，请重新选择'));
                    else setXlsx(null);
                  }}
                />
                <FileStatus
                  chosen={xlsx && `已选择 ${xlsx.name}（${size(xlsx.bytes)}），将导入其第一个工作表`}
                  error={fileErr}
                />
              </Field>
            </>
          )}
        </StepForm>
      </section>
      <section class="card" aria-labelledby="acc-title">
        <h2 id="acc-title">全部账号</h2>
        {rowErr && (
          <p class="err" role="alert">
            {rowErr.message}
          </p>
        )}
        {others.length > 0 && (
          <div class="field">
            <label for="acc-join">加入其他评选活动</label>
            <select id="acc-join" value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
            <p class="hint">
              在下表中点“加入所选活动”，该账号即以同一角色、同一地区参加所选活动，登录码不变。
            </p>
          </div>
        )}
        {joined && <p role="status">{joined}</p>}
        {error && <LoadFailed error={error} retry={load} />}
        {!accounts && !error && <p class="loading">正在加载…</p>}
        {accounts?.length === 0 && <p class="empty">暂无账号</p>}
        {accounts && accounts.length > 0 && (
          <div class="scroll">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">名称</th>
                  <th scope="col">角色</th>
                  <th scope="col">地区</th>
                  <th scope="col">有效期至</th>
                  <th scope="col">状态</th>
                  <th scope="col">操作</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <tr key={a.accountId}>
                    <th scope="row" class={a.revokedAt ? 'revoked' : undefined}>
                      {a.name}
                    </th>
                    <td>{ROLE_LABELS[a.role]}</td>
                    <td>{regionName(a.regionId)}</td>
                    <td>{String(a.expiresAt).slice(0, 10)}</td>
                    <td>{a.revokedAt ? `已停用（${String(a.revokedAt).slice(0, 10)}）` : '有效'}</td>
                    <td class="row-actions">
                      {!a.revokedAt && a.accountId !== principal.accountId && (
                        <>
                          <button type="button" onClick={() => act(a, 'code')}>
                            重新签发
                          </button>
                          <button type="button" class="danger-link" onClick={() => act(a, 'revoke')}>
                            停用
                          </button>
                          {others.length > 0 && (
                            <button type="button" onClick={() => join(a)}>
                              加入所选活动
                            </button>
                          )}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
