/** The city's review meeting (#/o/meeting): date, members, present, attendees; votes are recorded per nominee. */
import { useState } from 'preact/hooks';
import { meetingDate } from '#shared/dates';
import type { Principal } from '#shared/roles';
import { dateRule, Field, int, StepForm, str, today } from '../Process/form.tsx';
import { saveMeeting } from '../Process/process-api.ts';
import '../Process/style.ts';

export function ReviewMeeting({ principal }: { principal: Principal }) {
  const [saved, setSaved] = useState(false);
  return (
    <section class="card">
      <p class="nav">
        <a href="#/">返回首页</a>
      </p>
      <h1>评审会议</h1>
      {saved && (
        <p class="ok" role="status">
          会议已登记。请在各推荐对象页面登记表决结果。
        </p>
      )}
      <StepForm
        submit="保存会议记录"
        build={(fd) => ({
          date: str(fd, 'date'),
          members: int(fd, 'members'),
          present: int(fd, 'present'),
          attendees: str(fd, 'attendees')
            .split(/[\s,，、;；]+/)
            .filter(Boolean),
        })}
        schema={dateRule((b: { date: string }) =>
          b.date ? meetingDate({ date: b.date, today: today() }) : null,
        )}
        run={(body) => saveMeeting(principal.campaignId, body)}
        onDone={() => setSaved(true)}
      >
        {(err) => (
          <>
            <Field id="m-date" name="date" label="会议日期" err={err}>
              <input id="m-date" name="date" type="date" defaultValue={today()} max={today()} />
            </Field>
            <Field id="m-members" name="members" label="评选工作领导小组成员人数" err={err}>
              <input id="m-members" name="members" type="number" inputMode="numeric" min={1} />
            </Field>
            <Field id="m-present" name="present" label="到会人数" err={err}>
              <input id="m-present" name="present" type="number" inputMode="numeric" min={1} />
            </Field>
            <Field id="m-att" name="attendees" label="到会人员" hint="用逗号或空格分隔" err={err}>
              <textarea id="m-att" name="attendees" rows={3} />
            </Field>
          </>
        )}
      </StepForm>
    </section>
  );
}
