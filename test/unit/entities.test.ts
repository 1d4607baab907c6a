/**
 * The entity modules: each builds its keys in the formats items were always stored under, takes
 * back a representative item unchanged (attributes it does not name included), and refuses a
 * malformed one with an internal error naming the entity and the field. No key string is built
 * anywhere else.
 */
import { describe, expect, it } from 'vitest';
import * as k from '../../functions/lib/keys.ts';
import { handBuiltKeys, uncheckedCasts } from '../support/key-audit.ts';

const AUDITED = { auditSeq: 3, auditHead: 'a'.repeat(64) };
const AT = '2026-12-06T08:00:00.000Z';
const NOM = '01JF0000000000000000000000';

/** Each entity: its key, a representative stored item, and a field that breaks it. */
const cases: {
  entity: string;
  parse: (i: unknown) => unknown;
  item: Record<string, unknown>;
  bad: string;
}[] = [
  {
    entity: 'campaign',
    parse: k.parseCampaign,
    item: {
      ...k.campaignKey('c1'),
      ...k.campaignListed('c1'),
      ...AUDITED,
      type: 'campaign',
      campaign: {
        id: 'c1',
        name: '评选',
        regions: [{ id: 'r1', name: '华龙区', quotas: { worker: 2, collective: 1 } }],
        definition: { categories: [{ id: 'worker', kind: 'person' }], steps: {} },
      },
    },
    bad: 'campaign',
  },
  {
    entity: 'quota counter',
    parse: k.parseQuota,
    item: {
      ...k.quotaKey('c1', 'r1', 'worker'),
      type: 'quota',
      regionId: 'r1',
      category: 'worker',
      quota: 2,
      used: 1,
    },
    bad: 'used',
  },
  {
    entity: 'share counter',
    parse: k.parseShare,
    item: {
      ...k.newShareCounter('c1', {
        rule: {
          text: '农村学校教师不少于优秀教师名额的60%',
          category: 'teacher',
          tag: '农村',
          atLeastPercent: 60,
        },
        total: 40,
        limit: 16,
      }),
    },
    bad: 'quota',
  },
  {
    entity: 'unit',
    parse: k.parseUnit,
    item: {
      ...k.unitKey('c1', 'u1'),
      ...AUDITED,
      type: 'unit',
      unitId: 'u1',
      campaignId: 'c1',
      regionId: 'r1',
      name: '某单位',
    },
    bad: 'regionId',
  },
  {
    entity: 'county report',
    parse: k.parseReport,
    item: {
      ...k.reportKey('c1', 'r1'),
      ...AUDITED,
      type: 'report',
      regionId: 'r1',
      report: {
        organisation: 'a',
        process: 'b',
        opinions: 'c',
        publicity: 'd',
        recommendation: 'e',
        updatedAt: AT,
      },
    },
    bad: 'report',
  },
  {
    entity: 'account',
    parse: k.parseAccount,
    item: {
      ...k.accountKey('a1'),
      ...k.accountListed('c1', 'a1'),
      ...AUDITED,
      type: 'account',
      accountId: 'a1',
      role: 'unit',
      campaignId: 'c1',
      regionId: 'r1',
      unitId: 'u1',
      name: '某单位',
      codeHash: 'f'.repeat(64),
      expiresAt: AT,
      createdAt: AT,
    },
    bad: 'role',
  },
  {
    entity: 'participation',
    parse: k.parseParticipation,
    item: {
      ...k.participationKey('a1', 'c2'),
      ...k.participantListed('c2', 'a1'),
      type: 'participation',
      accountId: 'a1',
      campaignId: 'c2',
      role: 'county',
      regionId: 'r1',
      joinedAt: AT,
    },
    bad: 'role',
  },
  {
    entity: 'chosen campaign',
    parse: k.parseChosenCampaign,
    item: { ...k.chosenCampaignKey('a1'), type: 'chosen', campaignId: 'c2' },
    bad: 'campaignId',
  },
  {
    entity: 'access code',
    parse: k.parseAccessCode,
    item: { ...k.accessCodeKey('f'.repeat(64)), type: 'code', accountId: 'a1' },
    bad: 'accountId',
  },
  {
    entity: 'nomination',
    parse: k.parseNomination,
    item: {
      ...k.nominationKey(NOM),
      ...k.indexKeys({ campaignId: 'c1', regionId: 'r1', unitId: 'u1', status: 'draft', id: NOM }),
      ...AUDITED,
      type: 'nomination',
      id: NOM,
      campaignId: 'c1',
      regionId: 'r1',
      unitId: 'u1',
      unitName: '某单位',
      category: 'worker',
      status: 'draft',
      form: { name: '张三' },
      version: 1,
      createdAt: AT,
      updatedAt: AT,
      createdBy: 'a1',
      photo: { photoId: 'p1', status: 'pending', uploadedAt: AT },
    },
    bad: 'status',
  },
  {
    entity: 'photo version',
    parse: k.parsePhoto,
    item: {
      ...k.photoKey(NOM, 'p1'),
      type: 'photo',
      photoId: 'p1',
      status: 'accepted',
      uploadedAt: AT,
      width: 413,
    },
    bad: 'uploadedAt',
  },
  {
    entity: 'scan',
    parse: k.parseScan,
    item: {
      ...k.scanKey(NOM, 's1'),
      type: 'scan',
      nominationId: NOM,
      scanId: 's1',
      purpose: 'notice',
      status: 'pending',
      uploadedAt: AT,
    },
    bad: 'purpose',
  },
  {
    entity: 'objection case',
    parse: k.parseCase,
    item: {
      ...k.caseKey(NOM, 'k1'),
      ...k.caseListed('c1', 'k1'),
      type: 'case',
      caseId: 'k1',
      nominationId: NOM,
      campaignId: 'c1',
      status: 'open',
      content: '反映内容',
      filedAt: AT,
    },
    bad: 'status',
  },
  {
    entity: 'export job',
    parse: k.parseExportJob,
    item: {
      ...k.exportJobKey('c1', 'e1'),
      ...AUDITED,
      type: 'export',
      exportId: 'e1',
      campaignId: 'c1',
      kind: 'package',
      set: 'confirmed',
      status: 'queued',
      requestedBy: 'a1',
      requestedAt: AT,
    },
    bad: 'set',
  },
  {
    entity: 'verification job',
    parse: k.parseVerificationJob,
    item: {
      ...k.verificationJobKey('v1'),
      type: 'verification',
      verificationId: 'v1',
      campaignId: 'c1',
      status: 'running',
      requestedBy: 'a1',
      requestedAt: AT,
      progress: { done: 1, total: 9 },
      expiresAt: 1_800_000_000,
    },
    bad: 'progress',
  },
  {
    entity: 'holiday calendar',
    parse: k.parseHolidayCalendar,
    item: {
      ...k.holidayCalendarKey,
      ...AUDITED,
      type: 'holiday-calendar',
      years: { '2027': { title: '通知', days: [], savedAt: AT, savedBy: 'a1' } },
    },
    bad: 'years',
  },
  {
    entity: 'log head',
    parse: k.parseLogHead,
    item: { ...k.logHeadKey(k.readsChain('a1')), ...AUDITED, type: 'log-head', chain: k.readsChain('a1') },
    bad: 'auditSeq',
  },
  {
    entity: 'rate window',
    parse: k.parseRateWindow,
    item: { ...k.rateKey('login-ip#1.2.3.4', 1_800_000_000), taken: 2, expiresAt: 1_800_001_800 },
    bad: 'taken',
  },
  {
    entity: 'receipt counter',
    parse: k.parseReceiptCounter,
    item: { ...k.receiptCounterKey('c1', '20261206'), type: 'receipt-counter', issued: 7 },
    bad: 'issued',
  },
];

describe('entity modules', () => {
  it('build the keys items were always stored under', () => {
    expect(k.campaignKey('c1')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'CAMPAIGN' });
    expect(k.quotaKey('c1', 'r1', 'worker')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'QUOTA#r1#worker' });
    expect(k.shareKey('c1', 'teacher', '农村')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'SHARE#teacher#农村' });
    expect(k.reportKey('c1', 'r1')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'REPORT#r1' });
    expect(k.reportChain('c1', 'r1')).toBe('REPORT#c1.r1');
    expect(k.receiptCounterKey('c1', '20261206')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'RECEIPTS#20261206' });
    expect(k.exportJobKey('c1', 'e1')).toEqual({ pk: 'CAMPAIGN#c1', sk: 'EXPORT#e1' });
    expect(k.exportProgressKey('e1')).toEqual({ pk: 'EXPORTPROGRESS#e1', sk: 'PROGRESS' });
    expect(k.accountKey('a1')).toEqual({ pk: 'ACCOUNT#a1', sk: 'ACCOUNT' });
    expect(k.accountListed('c1', 'a1')).toEqual({ gsi1pk: 'CAMPAIGN#c1#ACCOUNTS', gsi1sk: 'a1' });
    expect(k.accountOfChain('ACCOUNT#a1')).toBe('a1');
    expect(k.participationKey('a1', 'c2')).toEqual({ pk: 'ACCOUNT#a1', sk: 'CAMPAIGN#c2' });
    expect(k.participantListed('c2', 'a1')).toEqual({ gsi1pk: 'CAMPAIGN#c2#PARTICIPANTS', gsi1sk: 'a1' });
    expect(k.chosenCampaignKey('a1')).toEqual({ pk: 'ACCOUNT#a1', sk: 'CHOSEN' });
    expect(k.accountOfChain('NOM#a1')).toBeNull();
    expect(k.nominationKey(NOM)).toEqual({ pk: `NOM#${NOM}`, sk: 'NOM' });
    expect(
      k.indexKeys({ campaignId: 'c1', regionId: 'r1', unitId: 'u1', status: 'discarded', id: NOM }),
    ).toEqual({
      gsi1pk: 'UNIT#u1#DISCARDED',
      gsi1sk: `NOM#${NOM}`,
      gsi2pk: 'CAMPAIGN#c1#NOM',
      gsi2sk: `r1#discarded#${NOM}`,
    });
    expect(k.isNominationKey(k.nominationKey(NOM))).toBe(true);
    expect(k.isNominationKey({ pk: 'NOM#x', sk: 'NOM' })).toBe(false);
    expect(k.caseListed('c1', 'k1')).toEqual({ gsi1pk: 'CASES#c1', gsi1sk: 'k1' });
    expect(k.auditEventKey('NOM#x', 12)).toEqual({ pk: 'AUDIT#NOM#x', sk: 'EVENT#0000000012' });
    expect(k.seqOfEventKey('EVENT#0000000012')).toBe(12);
    expect(k.auditByCampaign('c1', AT, 'NOM#x', 2)).toEqual({
      gsi1pk: 'AUDITLOG#c1',
      gsi1sk: `${AT}#NOM#x#0000000002`,
    });
    expect(k.logHeadKey(k.anchorChain('c1'))).toEqual({ pk: 'LOG#ANCHOR#c1', sk: 'HEAD' });
    expect(k.readMarkerKey('s1', 'pii.read', NOM)).toEqual({ pk: 'READ#s1', sk: `pii.read#${NOM}` });
    expect(k.rateKey('objection#ip', 60)).toEqual({ pk: 'RATE#objection#ip', sk: 'W#60' });
    expect(k.verificationJobKey('v1')).toEqual({ pk: 'VERIFY#v1', sk: 'VERIFY' });
    expect(k.holidayCalendarKey).toEqual({ pk: 'HOLIDAYS', sk: 'HOLIDAYS' });
  });

  it('find each chain’s record', () => {
    expect(k.recordKeyOfChain(k.nominationChain(NOM), 'c1')).toEqual(k.nominationKey(NOM));
    expect(k.recordKeyOfChain(k.reportChain('c1', 'r1'), 'c1')).toEqual(k.reportKey('c1', 'r1'));
    expect(k.recordKeyOfChain(k.exportChain('e1'), 'c1')).toEqual(k.exportJobKey('c1', 'e1'));
    expect(k.recordKeyOfChain(k.unitChain('u1'), 'c1')).toEqual(k.unitKey('c1', 'u1'));
    expect(k.recordKeyOfChain(k.HOLIDAY_CALENDAR_CHAIN, 'c1')).toEqual(k.holidayCalendarKey);
    expect(k.recordKeyOfChain(k.readsChain('a1'), 'c1')).toEqual(k.logHeadKey('READS#a1'));
    expect(k.recordKeyOfChain('QUOTA#r1#worker', 'c1')).toBeNull();
  });

  for (const c of cases) {
    it(`${c.entity}: an item round-trips, attributes it does not name kept`, () => {
      const stored = { ...c.item, addedLater: { by: 'a newer version' } };
      expect(c.parse(structuredClone(stored))).toEqual(stored);
    });

    it(`${c.entity}: a malformed item is an internal error naming the entity and the field`, () => {
      const broken = { ...c.item, [c.bad]: c.bad === 'campaign' || c.bad === 'report' ? { id: 1 } : null };
      let thrown: unknown;
      try {
        c.parse(broken);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(k.StoredItemError);
      const e = thrown as InstanceType<typeof k.StoredItemError>;
      expect(e.entity).toBe(c.entity);
      expect(e.field.split('.')[0]).toBe(c.bad);
      expect(e.message).toContain(`stored ${c.entity} item`);
      // not an ApiError: the HTTP layer logs it and answers a bare 500
      expect((e as unknown as { statusCode?: number }).statusCode).toBeUndefined();
    });
  }

  it('an item older versions wrote without the optional attributes still parses', () => {
    const { photo: _p, ...older } = cases.find((c) => c.entity === 'nomination')?.item ?? {};
    expect(k.parseNomination(older)).toEqual(older);
  });

  it('a projection checks only what it read', () => {
    const parse = k.nominationFields('id', 'regionId');
    expect(parse({ id: NOM, regionId: 'r1' })).toEqual({ id: NOM, regionId: 'r1' });
    expect(() => parse({ id: NOM })).toThrow(/nomination.*regionId/);
  });
});

describe('one place for keys', () => {
  it('no key or chain string is built outside functions/lib/entities', () => {
    expect(handBuiltKeys().map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('no stored item is cast to a type without its parser (the audit event is judged by the verifier)', () => {
    expect(uncheckedCasts().map((f) => f.file)).toEqual(['functions/lib/entities/audit-event.ts']);
  });
});
