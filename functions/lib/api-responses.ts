/**
 * The API's answers as zod/mini schemas: the route table names one per success status, the
 * OpenAPI document describes them (each is a component, `responseSchemas` holds their names), and
 * the integration tests validate every answer they receive against them (test/support/contract.ts).
 *
 * Server-side only: the phone bundle must not carry them (nothing under web/ imports this file).
 * Views the handlers build field by field are strict (an undocumented field is a failure); records
 * passed on as stored (a campaign, a job, an audit event) are loose: their named fields are
 * checked, fields added later to the record are allowed.
 */
import * as z from 'zod/mini';
import { campaignSchema, regionSchema } from '#shared/campaign';
import { NOMINATION_STATUSES } from '#shared/nomination';
import { ROLES } from '#shared/roles';
import '#shared/zod';

/** Every named answer schema: the OpenAPI document's components/schemas, by id. */
export const responseSchemas = z.registry<{ id: string; description?: string }>();

function named<T extends z.ZodMiniType>(id: string, description: string, schema: T): T {
  responseSchemas.add(schema, { id, description });
  return schema;
}

const text = z.string();
const count = z.int().check(z.gte(0));
const category = z.string();
const status = z.enum(NOMINATION_STATUSES);
const jobStatus = z.enum(['queued', 'running', 'done', 'failed']);
const opt = z.optional;

export const errorBody = named(
  'Error',
  'A client mistake (4xx) or a server fault (5xx): a stable code and a zh-CN message',
  z.strictObject({
    error: z.strictObject({
      code: text.check(z.describe('stable machine-readable code')),
      message: text.check(z.describe('zh-CN, for the user')),
      field: opt(text.check(z.describe('the request field at fault, when there is one'))),
    }),
  }),
);

export const health = named(
  'Health',
  'The API answers',
  z.strictObject({ status: z.literal('ok'), time: text }),
);

export const openApiDoc = named(
  'OpenApiDocument',
  'This document',
  z.looseObject({ openapi: text, info: z.looseObject({}), paths: z.record(text, z.unknown()) }),
);

export const principal = named(
  'Principal',
  'The signed-in account',
  z.strictObject({
    accountId: text,
    role: z.enum(ROLES),
    campaignId: text,
    regionId: opt(text),
    unitId: opt(text),
    name: text,
  }),
);

/** A campaign the account takes part in, with its role there. */
const campaignChoice = z.strictObject({ id: text, title: text, role: z.enum(ROLES), roleLabel: text });

export const login = named(
  'Login',
  'A token for the account the code belongs to, in the campaign it worked on last, and every campaign it takes part in',
  z.strictObject({ token: text, expiresAt: text, principal, campaigns: z.array(campaignChoice) }),
);

export const session = named(
  'Session',
  'A token of the account in the campaign it switched to',
  z.strictObject({ token: text, expiresAt: text, principal }),
);

export const me = named(
  'Me',
  'Who the token belongs to, in its campaign, and every campaign the account takes part in',
  z.strictObject({ principal, campaigns: z.array(campaignChoice) }),
);

const cityPublicityRound = z.looseObject({
  round: count,
  startsOn: text,
  endsOn: text,
  count,
  startedAt: text,
});
const meeting = z.strictObject({ date: text, members: count, present: count, attendees: z.array(text) });

export const campaign = named(
  'Campaign',
  'A campaign with the settings the city office added as it runs',
  z.looseObject({
    ...campaignSchema.shape,
    passRule: opt(z.unknown()),
    calendar: opt(z.unknown()),
    holidayCalendar: opt(z.unknown()),
    extensions: opt(z.looseObject({ unitToCounty: opt(text), countyToCity: opt(text) })),
    meeting: opt(meeting),
    cityPublicityRounds: opt(z.array(cityPublicityRound)),
    objectionChannels: opt(z.record(text, text)),
  }),
);

/** A share rule's use: the places the regions without its tag hold, of the most they may. */
const shareUse = z.strictObject({
  category,
  tag: text,
  text,
  others: text,
  used: count,
  limit: count,
});

export const createdCampaign = named(
  'CreatedCampaign',
  'The new campaign, and how many accounts take part in it',
  z.strictObject({ campaign, participants: count }),
);

export const campaignWithQuotas = named(
  'CampaignWithQuotas',
  'The campaign and the quota use the caller may see, with the share rules that bind its places',
  z.strictObject({
    campaign,
    quotas: z.array(z.strictObject({ regionId: text, category, quota: count, used: count })),
    shares: opt(z.array(shareUse)),
  }),
);

/** A photo upload as stored, with a link when one nomination is read. */
export const photoVersion = named(
  'PhotoVersion',
  'One upload of a photo and its verdict',
  z.looseObject({
    photoId: text,
    status: z.enum(['pending', 'accepted', 'refused']),
    reason: opt(text),
    reasonCode: opt(text),
    width: opt(count),
    height: opt(count),
    bytes: opt(count),
    sha256: opt(text),
    uploadedAt: text,
    processedAt: opt(text),
    url: opt(text),
  }),
);

/** How long a publicity runs (the campaign's definition, or 5 working days). */
const publicityLength = z.strictObject({ days: count, dayKind: z.enum(['working', 'calendar']) });

/** The campaign's levels as its notice names them: 县区 / 市评选办 / 市级, 学校 / 县教体局 / 县级. */
const levelNamesSchema = z.strictObject({ middle: text, top: text, topLevel: text });

const nominationProcess = z.strictObject({
  cityPublicity: opt(z.looseObject({ round: count, startsOn: text, endsOn: text })),
  copiedFrom: opt(text),
  copiedTo: opt(text),
  unitRecommendation: opt(
    z.looseObject({
      democratic: z.looseObject({ date: text, voters: count, votesFor: count }),
      leadershipDecisionDate: text,
    }),
  ),
  unitPublicity: opt(z.looseObject({ postedOn: text, endsOn: text })),
  submittedAt: opt(text),
  politicalReview: opt(z.looseObject({ passed: z.boolean(), text, date: text })),
  opinions: opt(
    z.record(text, z.looseObject({ conclusion: text, favourable: z.boolean(), text, date: text })),
  ),
  vote: opt(
    z.looseObject({
      for: count,
      against: count,
      abstain: count,
      present: count,
      members: count,
      score: opt(z.number().check(z.describe('评审得分 (0–100), when the campaign ranks by score'))),
    }),
  ),
  decisions: opt(z.array(z.looseObject({ action: text, reason: text, at: text, role: text }))),
  publicity: opt(z.strictObject({ unit: publicityLength, final: publicityLength })),
  countyReport: opt(z.boolean()),
  rankByScore: opt(z.boolean().check(z.describe('the vote ranks by score: it asks for a 评审得分'))),
  levels: opt(levelNamesSchema),
  opinionsRequired: opt(
    z.array(
      z.strictObject({
        id: text,
        department: text,
        certifies: opt(text),
        issuedBy: opt(text),
        title: opt(text),
      }),
    ),
  ),
});

const nominationFields = {
  id: text,
  campaignId: text,
  regionId: text,
  regionName: text,
  unitId: text,
  unitName: text,
  category,
  status,
  form: z.record(text, z.unknown()).check(z.describe('the form as stored, without the ID number')),
  idNumberMasked: opt(text),
  version: count,
  createdAt: text,
  updatedAt: text,
  photo: opt(photoVersion),
  photoUrl: opt(text),
  photos: opt(z.array(photoVersion)),
  problems: z.array(z.strictObject({ field: text, message: text })),
  score: opt(z.number().check(z.describe('评审得分, once the vote recorded one (lists order by it)'))),
  process: opt(nominationProcess),
  actions: opt(z.array(text)),
};

export const nomination = named(
  'Nomination',
  'A nomination as its reader may see it, with the steps the reader may take next',
  z.strictObject(nominationFields),
);

export const nominationDetail = named(
  'NominationDetail',
  'One nomination read whole: every photo version, and for reviewers the checklist',
  z.strictObject({
    ...nominationFields,
    checklist: opt(z.array(z.strictObject({ item: text, label: text, ok: z.boolean(), message: text }))),
  }),
);

export const nominationPage = named(
  'NominationPage',
  'One page of nominations; nextCursor when there is another',
  z.strictObject({ items: z.array(nomination), nextCursor: opt(text) }),
);

export const discarded = named(
  'Discarded',
  'The draft is kept, hidden',
  z.strictObject({ id: text, status: z.literal('discarded') }),
);

const chainBreak = z.looseObject({ chain: text, seq: count, problem: text, message: text });

export const history = named(
  'NominationHistory',
  'Every event of the nomination’s chain, whether it verifies, and who acted',
  z.strictObject({
    events: z.array(
      z.looseObject({
        chain: text,
        seq: count,
        campaignId: text,
        at: text,
        actor: z.looseObject({ accountId: text, role: text }),
        action: text,
        changes: z.array(z.looseObject({ field: text, before: z.unknown(), after: z.unknown() })),
        requestId: text,
        prevHash: text,
        hash: text,
      }),
    ),
    actors: z.record(text, text),
    verified: z.boolean(),
    break: opt(chainBreak),
  }),
);

export const idNumber = named(
  'IdNumber',
  'The whole ID number (the read is logged)',
  z.strictObject({ idNumber: text }),
);
export const objectorPhone = named(
  'ObjectorPhone',
  'The objector’s whole phone (the read is logged)',
  z.strictObject({ phone: text }),
);

const presignedPost = z.strictObject({ url: text, fields: z.record(text, text) });
export const photoUpload = named(
  'PhotoUpload',
  'A presigned POST for the new photo version: post the fields, then the file',
  z.strictObject({ photoId: text, upload: presignedPost, maxBytes: count }),
);
export const scanUpload = named(
  'ScanUpload',
  'A presigned POST for the new scan: post the fields, then the file',
  z.strictObject({ scanId: text, upload: presignedPost, maxBytes: count }),
);

export const scans = named(
  'Scans',
  'Every stamped scan of a nomination, newest first; a link to each accepted one',
  z.strictObject({
    scans: z.array(
      z.looseObject({
        scanId: text,
        purpose: text,
        status: z.enum(['pending', 'accepted', 'refused']),
        uploadedAt: text,
        url: opt(text),
      }),
    ),
  }),
);

/** What a long job (a verification, an export) answers when polled, besides its own id and outcome. */
const jobFields = {
  campaignId: text,
  status: jobStatus,
  requestedBy: text,
  requestedAt: text,
  progress: z.strictObject({ done: count, total: count }),
  error: opt(text),
};

export const verificationStarted = named(
  'VerificationStarted',
  'The verification job: poll it',
  z.strictObject({ verificationId: text, status: jobStatus }),
);

export const verification = named(
  'Verification',
  'A verification’s progress; its report once done',
  z.looseObject({
    verificationId: text,
    ...jobFields,
    result: opt(
      z.looseObject({
        ok: z.boolean(),
        headHash: text,
        breaks: z.array(chainBreak),
        breaksTotal: count,
        checkedAt: text,
      }),
    ),
  }),
);

export const auditLog = named(
  'AuditLogExport',
  'The audit log written as JSONL, and a link to it valid for five minutes',
  z.strictObject({ events: count, headHash: text, verified: z.boolean(), url: text }),
);

export const anchor = named(
  'AuditAnchor',
  'The anchor file written: its key, its hash and the hash over every chain’s head',
  z.strictObject({ key: text, sha256: text, headHash: text, chains: count }),
);

export const countyReport = named(
  'CountyReport',
  'A county’s 审核推荐工作报告',
  z.strictObject({
    regionId: text,
    report: z.looseObject({
      organisation: text,
      process: text,
      opinions: text,
      publicity: text,
      recommendation: text,
      signedBy: opt(text),
      updatedAt: text,
    }),
  }),
);

const batchFields = {
  done: z.array(text),
  refused: z.array(z.strictObject({ id: text, name: text, code: text, message: text })),
};
export const batch = named(
  'BatchResult',
  'A step taken on many nominations: those done, and those refused with the reason',
  z.strictObject(batchFields),
);

/** A category as lists show it: id, name, kind and the field that names a nominee. */
const categoryBrief = z.strictObject({
  id: category,
  kind: z.enum(['person', 'collective']),
  label: text,
  nameField: text,
});
const categoryUse = z.strictObject({
  quota: count,
  used: count,
  left: z.int(),
  counts: z.record(text, count),
});
const missingMaterials = z.looseObject({ inPlay: count, incomplete: count, gaps: z.record(text, count) });
export const dashboard = named(
  'Dashboard',
  'Every region’s quota use and counts per state, and the materials still missing',
  z.strictObject({
    regions: z.array(
      z.strictObject({
        regionId: text,
        regionName: text,
        categories: z.record(category, categoryUse),
        missing: missingMaterials,
      }),
    ),
    categories: z.array(categoryBrief),
    missing: missingMaterials,
    shares: opt(z.array(shareUse)),
    meeting: opt(meeting),
    cityPublicityRounds: opt(z.array(cityPublicityRound)),
    cityPublicityLength: publicityLength,
    title: text,
    levels: levelNamesSchema,
  }),
);

export const meetingSaved = named('Meeting', 'The review meeting as recorded', z.strictObject({ meeting }));

export const settings = named(
  'CampaignSettings',
  'The settings as they now are',
  z.strictObject({
    passRule: opt(z.unknown()),
    calendar: opt(z.unknown()),
    extensions: opt(z.unknown()),
    objectionChannels: opt(z.unknown()),
  }),
);

export const quotas = named(
  'Quotas',
  'Every region’s quotas as they now are',
  z.strictObject({ regions: z.array(regionSchema) }),
);

const savedNotice = z.looseObject({
  title: text,
  days: z.array(z.looseObject({})),
  savedAt: text,
  savedBy: text,
});
export const holidayCalendar = named(
  'HolidayCalendar',
  'The saved notices by year, the years the built-in data covers, and the years the campaign lacks',
  z.strictObject({
    years: z.record(text, savedNotice),
    builtIn: z.strictObject({ from: z.int(), to: z.int() }),
    gaps: z.array(
      z.strictObject({ year: z.int(), needs: z.array(z.strictObject({ label: text, date: text })) }),
    ),
  }),
);

export const holidayNoticeSaved = named(
  'HolidayNoticeSaved',
  'The year’s notice as saved; changed is false when it was saved already',
  z.looseObject({ ...savedNotice.shape, year: z.int(), changed: z.boolean() }),
);

const roundNominee = z.strictObject({
  id: text,
  name: text,
  category,
  categoryLabel: text,
  regionName: text,
  unitName: text,
  status,
  score: opt(z.number().check(z.describe('评审得分, when the campaign ranks by score'))),
});
const roundPreviewFields = {
  round: count,
  startsOn: text,
  endsOn: text,
  nominees: z.array(roundNominee),
  regionsNotReported: z.array(
    z.strictObject({ regionId: text, regionName: text, reported: z.boolean(), unsent: count }),
  ),
  awaitingVote: z.array(roundNominee),
};
export const roundPreview = named(
  'CityPublicityPreview',
  'What starting the next round would do (dryRun)',
  z.strictObject(roundPreviewFields),
);
export const roundStarted = named(
  'CityPublicityRound',
  'The round started, and what happened to each nominee',
  z.strictObject({ ...roundPreviewFields, ...batchFields }),
);
export const roundAnswer = named(
  'CityPublicityAnswer',
  'A round started, or with dryRun only previewed',
  z.union([roundStarted, roundPreview]),
);

export const confirmed = named(
  'ConfirmResult',
  'Those confirmed, those refused (open cases), those whose round has not ended',
  z.strictObject({
    ...batchFields,
    waiting: z.array(z.strictObject({ id: text, name: text, endsOn: text })),
  }),
);

export const cases = named(
  'ObjectionCases',
  'Every objection case with its nominee; phones masked',
  z.strictObject({
    cases: z.array(
      z.looseObject({
        caseId: text,
        nominationId: text,
        campaignId: text,
        status: z.enum(['open', 'not_accepted', 'upheld', 'dismissed']),
        content: text,
        filedAt: text,
        nominee: opt(
          z.strictObject({ name: text, unitName: text, regionId: text, regionName: text, category }),
        ),
      }),
    ),
  }),
);

export const account = named(
  'Account',
  'An account as the city office sees it: never its code',
  z.strictObject({
    type: z.literal('account'),
    accountId: text,
    role: z.enum(ROLES),
    campaignId: text,
    regionId: opt(text),
    unitId: opt(text),
    name: text,
    expiresAt: text,
    revokedAt: opt(text),
    sessionEpoch: opt(count),
    createdAt: text,
  }),
);
export const accounts = named(
  'Accounts',
  'The campaign’s accounts',
  z.strictObject({ accounts: z.array(account) }),
);
export const issuedAccount = named(
  'IssuedAccount',
  'The account and its code, shown this once',
  z.strictObject({ account, code: text }),
);
export const importedUnits = named(
  'ImportedUnits',
  'The unit accounts created, each with its code',
  z.strictObject({ issued: z.array(issuedAccount) }),
);
export const revokedAccount = named(
  'RevokedAccount',
  'The account, now revoked',
  z.strictObject({ account }),
);
export const joinedAccount = named(
  'JoinedAccount',
  'The account as it is in the campaign it now takes part in too',
  z.strictObject({ account }),
);

export const exportStarted = named(
  'ExportStarted',
  'The export job: poll it',
  z.strictObject({ exportId: text, status: jobStatus }),
);
export const exportJob = named(
  'ExportJob',
  'An export’s progress; once done, a link valid for five minutes and the file’s name',
  z.looseObject({
    exportId: text,
    ...jobFields,
    url: opt(text),
    fileName: opt(text),
  }),
);

const publicityEntry = z.strictObject({
  id: text,
  category,
  categoryLabel: text,
  round: count,
  regionName: text,
  name: text,
  details: z.array(text),
  unitName: opt(text),
});
export const publicity = named(
  'Publicity',
  'The open rounds of the city publicity and their nominees: no ID numbers, no phones',
  z.strictObject({
    title: text,
    docNumber: text,
    issuers: z.array(text),
    today: text,
    rounds: z.array(
      z.strictObject({ round: count, startsOn: text, endsOn: text, entries: z.array(publicityEntry) }),
    ),
    entries: z.array(publicityEntry),
    latest: cityPublicityRound,
    channels: z.record(text, text),
    contact: z.strictObject({ name: text, address: text, email: text }),
  }),
);

export const objectionFiled = named(
  'ObjectionFiled',
  'The objection is recorded; accepted only with a real name and a phone',
  z.strictObject({ caseId: text, receipt: text, accepted: z.boolean(), message: text }),
);
