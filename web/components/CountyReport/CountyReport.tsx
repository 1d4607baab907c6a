/**
 * The county's 审核推荐工作报告 (#/o/report): five parts and the organisation that signs it (the
 * reviewing body, which the exported report is signed with), saved as one.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Principal } from '#shared/roles';
import { Field, failureOf, LoadFailed, StepForm, str } from '../Process/form.tsx';
import { getReport, saveReport } from '../Process/process-api.ts';
import '../Process/style.ts';

const PARTS = [
  ['organisation', '组织情况'],
  ['process', '推荐过程'],
  ['opinions', '征求意见情况'],
  ['publicity', '公示情况'],
  ['recommendation', '推荐意见'],
] as const;

const HEADER = (
  <>
    <p class="nav">
      <a href="#/">返回首页</a>
    </p>
    <h1>审核推荐工作报告</h1>
  </>
);

export function CountyReport({ principal }: { principal: Principal }) {
  const region = principal.regionId as string;
  const [report, setReport] = useState<Record<string, string> | null | undefined>(undefined);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [notRequired, setNotRequired] = useState('');
  const load = () => {
    setError('');
    getReport(region).then(
      (r) => setReport(r ?? null),
      (e) =>
        e?.code === 'report_not_required'
          ? setNotRequired(failureOf(e).message)
          : e?.status === 404
            ? setReport(null)
            : setError(failureOf(e).message),
    );
  };
  useEffect(load, []);
  if (error) return <LoadFailed error={error} retry={load} />;
  if (notRequired)
    return (
      <section class="card">
        {HEADER}
        <p role="status">{notRequired}</p>
      </section>
    );
  if (report === undefined) return <p class="loading">正在加载…</p>;
  return (
    <section class="card">
      {HEADER}
      {saved && (
        <p class="ok" role="status">
          报告已保存
        </p>
      )}
      <StepForm
        submit="保存报告"
        build={(fd) => ({
          ...Object.fromEntries(PARTS.map(([k]) => [k, str(fd, k)])),
          ...(str(fd, 'signedBy') ? { signedBy: str(fd, 'signedBy') } : {}),
        })}
        run={(body) => saveReport(region, body)}
        onDone={() => setSaved(true)}
      >
        {(err) => (
          <>
            {PARTS.map(([k, label]) => (
              <Field key={k} id={`report-${k}`} name={k} label={label} err={err}>
                <textarea
                  id={`report-${k}`}
                  name={k}
                  rows={4}
                  maxLength={5000}
                  defaultValue={report?.[k] ?? ''}
                />
              </Field>
            ))}
            <Field
              id="report-signedBy"
              name="signedBy"
              label="署名单位（审核机关）"
              hint="导出的报告以此署名落款，如“华龙区评选工作领导小组办公室”；不填则署县（区）名称。"
              err={err}
            >
              <input
                id="report-signedBy"
                name="signedBy"
                maxLength={60}
                defaultValue={report?.signedBy ?? ''}
              />
            </Field>
          </>
        )}
      </StepForm>
    </section>
  );
}
