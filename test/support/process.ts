/**
 * Steps of the process taken through the API, for tests that need a nomination at a later stage
 * (the integration walk and the e2e tests that drive one step in a browser).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { opinionsOf } from '#shared/opinions';
import { unitPublicityLength } from '#shared/publicity-length';
import { publicityEnd } from '#shared/working-days';
import { newCampaign, type TestCampaign } from './campaigns.ts';
import { collectiveForm, workerForm } from './forms.ts';
import { api, ddb, postUpload, stack, waitForVerdict } from './stack.ts';

export const FIXTURES = join(import.meta.dirname, '../fixtures/photos');
/** A phone photo standing in for a photographed stamped paper (it is a normal, readable image). */
export const SCAN_PHOTO = join(FIXTURES, 'phone-portrait-white-gps.jpg');
export const PAST_NOTICE = '2024-02-08'; // its 5 working days ended on 2024-02-21

export async function ok(r: Promise<{ status: number; body: any }>, status = 200) {
  const a = await r;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
}

/** Upload a scan (the notice, or an opinion's stamped paper) and wait until it is accepted. */
export async function scan(token: string, id: string, purpose: string): Promise<string> {
  const ask = await ok(
    api('POST', `/api/nominations/${id}/scans`, { token, body: { purpose, contentType: 'image/jpeg' } }),
    201,
  );
  expect(await postUpload(ask.upload, readFileSync(SCAN_PHOTO), 'image/jpeg')).toBe(204);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const list = await ok(api('GET', `/api/nominations/${id}/scans`, { token }));
    const s = list.scans.find((x: { scanId: string }) => x.scanId === ask.scanId);
    if (s?.status === 'accepted') return ask.scanId;
    if (s?.status === 'refused' || Date.now() > deadline)
      throw new Error(`scan ${purpose}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Upload an ID photo fixture (by default the 2-inch blue one) and wait for the processor's verdict. */
export async function idPhoto(token: string, id: string, fixture = 'id-photo-413x579.jpg') {
  const ask = await ok(
    api('POST', `/api/nominations/${id}/photo`, { token, body: { contentType: 'image/jpeg' } }),
    201,
  );
  await postUpload(ask.upload, readFileSync(join(FIXTURES, fixture)), 'image/jpeg');
  return { ask, ...(await waitForVerdict(token, id, ask.photoId)) };
}

/** A unit's nomination taken to its county: form, photo, recommendation, publicity held, submitted. */
export async function submitted(
  t: TestCampaign,
  category: 'worker' | 'collective',
  name: string,
): Promise<string> {
  const years = t.campaign.assessmentYears;
  const form = category === 'worker' ? workerForm(years, { name }) : collectiveForm({ unitName: name });
  const id = (
    await ok(api('POST', '/api/nominations', { token: t.tokens.unit, body: { category, form } }), 201)
  ).id;
  if (category === 'worker') await idPhoto(t.tokens.unit, id);
  await unitStepsToCounty(t, id);
  return id;
}

/**
 * The unit's steps after the form and photo: democratic recommendation, a unit publicity posted in
 * the past (with the photo of the posted notice) and ended, then the nomination submitted.
 */
export async function unitStepsToCounty(t: TestCampaign, id: string): Promise<void> {
  await ok(
    api('PUT', `/api/nominations/${id}/unit-recommendation`, {
      token: t.tokens.unit,
      body: {
        democratic: { date: '2024-02-05', voters: 30, votesFor: 27 },
        leadershipDecisionDate: '2024-02-06',
      },
    }),
  );
  // posted in the past: the photo of the posted notice comes first, as the evidence
  const noticeScanId = await scan(t.tokens.unit, id, 'notice');
  const pub = await ok(
    api('POST', `/api/nominations/${id}/unit-publicity`, {
      token: t.tokens.unit,
      body: { postedOn: PAST_NOTICE, noticeScanId },
    }),
  );
  expect(pub.process.unitPublicity).toMatchObject({
    postedOn: PAST_NOTICE,
    // 5 working days over the 2024 Spring Festival (10–17 Feb off, 18 Feb worked), or the campaign's own
    endsOn: (publicityEnd(PAST_NOTICE, unitPublicityLength(t.campaign)) as { end: string }).end,
    noticeScanId,
  });
  await ok(
    api('POST', `/api/nominations/${id}/unit-publicity/close`, {
      token: t.tokens.unit,
      body: { outcome: 'no_objection' },
    }),
  );
  const sub = await ok(api('POST', `/api/nominations/${id}/submit`, { token: t.tokens.unit }));
  expect(sub.status).toBe('submitted');
}

/**
 * A worker of the unit of `token` in `regionId`, written straight into the state the county has
 * it in after its review (submitted, photo, unit recommendation and publicity, political review
 * and Puyang's three opinions): ready to recommend, without the uploads the steps would need.
 * For tests of many recommendations at once.
 */
export async function readyToRecommend(
  t: Pick<TestCampaign, 'campaign'>,
  token: string,
  regionId: string,
  name: string,
): Promise<string> {
  const n = await ok(
    api('POST', '/api/nominations', {
      token,
      body: { category: 'worker', form: workerForm(t.campaign.assessmentYears, { name }) },
    }),
    201,
  );
  const opinion = {
    conclusion: '同意',
    favourable: true,
    text: '',
    date: '2024-02-26',
    scanId: '01HMB7Z4Q1PYCZ2024YKT00009',
  };
  await ddb.send(
    new UpdateCommand({
      TableName: stack.table,
      Key: { pk: `NOM#${n.id}`, sk: 'NOM' },
      UpdateExpression:
        'SET #s = :s, gsi2sk = :g, politicalReview = :pr, opinions = :o, acceptedPhoto = :p, unitRecommendation = :ur, unitPublicity = :up',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':s': 'submitted',
        ':g': `${regionId}#submitted#${n.id}`,
        ':pr': { passed: true, text: '', date: '2024-02-23' },
        ':o': { personnel: opinion, discipline: opinion, police: opinion },
        ':p': { photoId: n.id, key: 'x', sha256: 'x', width: 413, height: 579, bytes: 1 },
        ':ur': {
          democratic: { date: '2024-02-05', voters: 10, votesFor: 9 },
          leadershipDecisionDate: '2024-02-06',
        },
        ':up': { postedOn: PAST_NOTICE, endsOn: '2024-02-21', noticeScanId: n.id, outcome: 'no_objection' },
      },
    }),
  );
  return n.id as string;
}

/** The county's review: political review and the campaign's opinions with their stamped scans. */
export async function reviewed(t: TestCampaign, id: string, favourable = true) {
  await ok(
    api('PUT', `/api/nominations/${id}/political-review`, {
      token: t.tokens.county,
      body: { passed: true, text: '政治立场坚定', date: '2024-02-23' },
    }),
  );
  for (const { id: d } of opinionsOf(t.campaign)) {
    const scanId = await scan(t.tokens.county, id, `opinion-${d}`);
    await ok(
      api('PUT', `/api/nominations/${id}/opinions/${d}`, {
        token: t.tokens.county,
        body: {
          conclusion: favourable ? '同意推荐' : '不同意',
          favourable,
          text: '经审核无异议',
          date: '2024-02-26',
          docNumber: `华${d}〔2024〕1号`,
          scanId,
        },
      }),
    );
  }
}

export const REPORT = {
  organisation: '成立审核推荐工作小组',
  process: '单位推荐、县区审核',
  opinions: '已征求组织人事、纪检监察、公安部门意见',
  publicity: '已在本单位公示 5 个工作日',
  recommendation: '推荐如下对象',
};

/** The review meeting's vote on a nominee: all 9 present for (passes), unless told otherwise. */
export const vote = (t: TestCampaign, id: string, votes = { for: 9, against: 0, abstain: 0 }) =>
  ok(api('POST', `/api/nominations/${id}/vote`, { token: t.tokens.city, body: votes }));

/** From recommended to the review meeting of `meetingDate`: 华龙区's report and batch, then the meeting. */
export async function toMeeting(t: TestCampaign, meetingDate: string) {
  await ok(api('PUT', '/api/regions/hualong/report', { token: t.tokens.county, body: REPORT }));
  await ok(api('POST', '/api/regions/hualong/submit', { token: t.tokens.county }));
  await ok(
    api('PUT', `/api/campaigns/${t.campaign.id}/meeting`, {
      token: t.tokens.city,
      body: { date: meetingDate, members: 9, present: 9, attendees: [] },
    }),
  );
}

/**
 * Workers of 华龙区 taken to the city office's review meeting of `meetingDate` (submitted, reviewed,
 * recommended, sent), the first of them voted through; their ids by name.
 */
export async function atMeeting(t: TestCampaign, names: string[], meetingDate: string) {
  const ids: Record<string, string> = {};
  for (const name of names) {
    const id = await submitted(t, 'worker', name);
    await reviewed(t, id);
    await ok(api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county }));
    ids[name] = id;
  }
  await toMeeting(t, meetingDate);
  await vote(t, ids[names[0] as string] as string);
  return ids;
}

/** From recommended to the city publicity: report, batch, meeting, a unanimous vote, publicity from `startsOn`. */
export async function toCityPublicity(t: TestCampaign, id: string, startsOn: string) {
  await toMeeting(t, '2024-03-01');
  await vote(t, id);
  await ok(
    api('POST', `/api/campaigns/${t.campaign.id}/city-publicity`, {
      token: t.tokens.city,
      body: { startsOn },
    }),
  );
}

/** Today in China, as the server counts days. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A fresh campaign with one worker on a city publicity that starts today (the objection tests'
 * starting point). Today's publicity may run into a year the built-in calendar lacks: the
 * campaign adds it.
 */
export async function workerOnCityPublicity(name: string): Promise<{ t: TestCampaign; id: string }> {
  const t = await newCampaign((c) => ({
    ...c,
    calendar: { years: { 2027: { holidays: ['2027-01-01'], workdays: [] } } },
  }));
  const id = await submitted(t, 'worker', name);
  await reviewed(t, id);
  await ok(api('POST', `/api/nominations/${id}/recommend`, { token: t.tokens.county }));
  await toCityPublicity(t, id, chinaToday());
  return { t, id };
}
