/**
 * No log line carries an ID number, a phone, an access code or a token. The integration suite's
 * kind of requests (logins right and wrong, nominations created and patched with ID numbers and
 * phones, a reveal, photo and scan uploads, the workflow to the city publicity, objections with
 * phones, an export) run against the local stack; then every line the local runtime printed
 * (this file's and those of the files before it) is scanned for them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ID_NUMBER, MOBILE, TOKEN } from '#lib/log-redaction';
import { newCampaign, type TestCampaign } from '../support/campaigns.ts';
import { idNumber, workerForm } from '../support/forms.ts';
import { chinaToday, ok, reviewed, submitted, toCityPublicity } from '../support/process.ts';
import { api, stack } from '../support/stack.ts';

const WRONG_CODE = 'ZZZZ-YYYY-XXXX';
const PATCHED_ID = idNumber('19900101', '女', '410923');
const PATCHED_PHONE = '13700001234';
const OBJECTOR_PHONE = '13812349876';

let t: TestCampaign;
let nominationId: string;
const secrets = new Set<string>();

beforeAll(async () => {
  t = await newCampaign((c) => ({
    ...c,
    calendar: { years: { 2027: { holidays: ['2027-01-01'], workdays: [] } } },
  }));
  for (const token of Object.values(t.tokens)) secrets.add(token);
  for (const a of stack.demo) secrets.add(a.code);

  // logins: a wrong code, and a right one (the demo city office)
  expect((await api('POST', '/api/auth/login', { body: { code: WRONG_CODE } })).status).toBe(401);
  secrets.add(WRONG_CODE);
  const city = await ok(
    api('POST', '/api/auth/login', { body: { code: stack.demo.find((a) => a.role === 'city')?.code } }),
  );
  secrets.add(city.token);
  // a request with a forged token
  expect((await api('GET', '/api/me', { token: `${city.token}x` })).status).toBe(401);

  // a nomination taken to the county (form with ID number and phone, photo, scans, steps)
  nominationId = await submitted(t, 'worker', '孙丽');
  await reviewed(t, nominationId);
  await ok(api('POST', `/api/nominations/${nominationId}/recommend`, { token: t.tokens.county }));
  await ok(api('POST', `/api/nominations/${nominationId}/id-number`, { token: t.tokens.county }));
  // another one created, patched with a new ID number and phone, and one refused for a bad one
  const draft = await ok(
    api('POST', '/api/nominations', {
      token: t.tokens.unit,
      body: { category: 'worker', form: workerForm(t.campaign.assessmentYears) },
    }),
    201,
  );
  await ok(
    api('PATCH', `/api/nominations/${draft.id}`, {
      token: t.tokens.unit,
      body: {
        version: 1,
        form: { idNumber: PATCHED_ID, birthMonth: '1990-01', sex: '女', phone: PATCHED_PHONE },
      },
    }),
  );
  const bad = await api('PATCH', `/api/nominations/${draft.id}`, {
    token: t.tokens.unit,
    body: { version: 2, form: { idNumber: `${PATCHED_ID.slice(0, 17)}0`, phone: '1370000' } },
  });
  expect(bad.status).toBe(400);

  // the city publicity, with objections that leave phones
  await toCityPublicity(t, nominationId, chinaToday());
  await ok(
    api('POST', `/api/public/campaigns/${t.campaign.id}/objections`, {
      body: {
        nominationId,
        content: `联系电话 ${OBJECTOR_PHONE}，身份证 ${PATCHED_ID}`,
        name: '王群众',
        phone: OBJECTOR_PHONE,
      },
    }),
    201,
  );
  // an export of the recommended (sealed ID numbers opened inside the job)
  const started = await ok(
    api('POST', '/api/exports', { token: t.tokens.city, body: { set: 'recommended' } }),
    202,
  );
  for (let status = 'queued'; status !== 'done'; ) {
    status = (await ok(api('GET', `/api/exports/${started.exportId}`, { token: t.tokens.city }))).status;
    expect(status).not.toBe('failed');
    await new Promise((r) => setTimeout(r, 300));
  }
}, 300_000);

/** The lines the runtime printed after its start-up banner (which shows the demo codes on purpose). */
function printedLines(): string[] {
  const lines = readFileSync(stack.logFile, 'utf8').split('\n');
  const bannerEnd = lines.findIndex((l) => l.includes('按 Ctrl+C 停止'));
  expect(bannerEnd).toBeGreaterThan(0);
  return lines.slice(bannerEnd + 1).filter((l) => l.trim() !== '');
}

describe('the local runtime’s log lines', () => {
  it('carry no ID number, phone, access code or token', async () => {
    // the processors' and the export's last lines may still be on their way
    await new Promise((r) => setTimeout(r, 500));
    const lines = printedLines();
    const leaks: string[] = [];
    for (const line of lines) {
      for (const pattern of [ID_NUMBER, MOBILE, TOKEN]) {
        const found = line.match(pattern);
        if (found) leaks.push(`${found[0]} in ${line}`);
      }
      for (const secret of secrets)
        if (line.includes(secret)) leaks.push(`${secret.slice(0, 8)}… in ${line}`);
      for (const value of [PATCHED_ID, PATCHED_PHONE, OBJECTOR_PHONE, WRONG_CODE])
        if (line.includes(value)) leaks.push(`${value} in ${line}`);
    }
    console.log(`log scan: ${lines.length} lines checked, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    expect(lines.length).toBeGreaterThan(50);
  });

  it('are JSON with level, correlation id, route, caller and duration, one access line per request', () => {
    const records = printedLines()
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = records.filter((r) => r.message === 'request');
    const ofRoute = (route: string) => access.filter((r) => r.route === route);
    expect(ofRoute('login').some((r) => r.status === 401 && r.error_code)).toBe(true);
    const submit = ofRoute('submitToCounty').at(-1);
    expect(submit).toMatchObject({ level: 'INFO', status: 200, role: 'unit', service: 'pingxuan' });
    expect(typeof submit?.correlation_id).toBe('string');
    expect(typeof submit?.account_id).toBe('string');
    expect(typeof submit?.duration_ms).toBe('number');
    expect(typeof submit?.cold_start).toBe('boolean');
    // the processors and the export job log through the same logger
    const names = new Set(records.map((r) => r.function_name));
    for (const fn of ['processPhoto', 'processScan', 'runExport']) expect(names).toContain(fn);
    // business metrics in Embedded Metric Format
    const metricNames = new Set(
      records.flatMap((r) =>
        (
          (r._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } | undefined)
            ?.CloudWatchMetrics ?? []
        ).flatMap((m) => m.Metrics.map((x) => x.Name)),
      ),
    );
    for (const m of [
      'LoginsFailed',
      'NominationsSubmitted',
      'PhotoVerdicts',
      'ScanVerdicts',
      'ObjectionsFiled',
      'ExportsCompleted',
      'ExportDuration',
    ])
      expect(metricNames).toContain(m);
  });
});
