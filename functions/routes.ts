/**
 * THE route table. The CDK stack reads it to create the HTTP API's routes, one function per
 * handler and each function's grants; the local runtime reads it to dispatch requests; each
 * handler reads its own entry to check who may call it. A route cannot exist in one and not
 * the other.
 *
 * Data, and the zod schemas of the request bodies and queries (shared/) and of the answers
 * (lib/api-responses.ts, schemas only): no handler code is imported here, so the stack can read it
 * cheaply.
 */
import type * as z from 'zod/mini';
import * as answers from '#lib/api-responses';
import {
  campaignIdBody,
  createNominationBody,
  loginBody,
  patchNominationBody,
  photoUploadBody,
} from '#shared/api';
import { listFiltersSchema } from '#shared/queries';
import type { Role } from '#shared/roles';
import { scanUploadBody } from '#shared/scan-rules';
import {
  campaignSettingsBody,
  cityPublicityBody,
  closeUnitPublicityBody,
  countyReportBody,
  exportRequestBody,
  holidayNoticeBody,
  importUnitsBody,
  issueAccountBody,
  meetingBody,
  newCampaignBody,
  objectionBody,
  opinionBody,
  politicalReviewBody,
  quotasBody,
  reasonBody,
  resolveCaseBody,
  startUnitPublicityBody,
  unitRecommendationBody,
  voteBody,
} from '#shared/workflow-bodies';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** What a function may touch; the stack turns each into the least IAM grant that allows it. */
export interface Grants {
  /** The records table: read only, or read and write. */
  table?: 'read' | 'write';
  /** The uploads bucket: `presign` signs POSTs for new keys; `process` reads and deletes. */
  uploads?: 'presign' | 'process';
  /** The records bucket (processed photos and scans): read only, or write new objects too. */
  records?: 'read' | 'write';
  /** The token-signing secret. Every route that checks a token needs it. */
  tokenSecret?: boolean;
  /** The personal-data key: `seal` new ID numbers (KMS GenerateDataKey), `open` them (Decrypt), or both to `reseal` one for a copy. */
  pii?: 'seal' | 'open' | 'reseal';
  /** The exports bucket: write new export objects and sign links to them. */
  exports?: 'write';
}

export interface HttpRoute {
  /** Stable id, also the function's logical name in the stack. */
  id: string;
  method: Method;
  /** API Gateway path syntax: /api/nominations/{id}. */
  path: string;
  /** Module under functions/ exporting `handler`, without extension. */
  handler: string;
  /** `public`, or the roles that may call it. */
  access: 'public' | readonly Role[];
  grants: Grants;
  /** One line for the OpenAPI document. */
  summary: string;
  /** A POST that changes no record (logging in, exporting): not a write, so auditors may use it. */
  readOnly?: true;
  /** The largest JSON body accepted, when a route needs more than MAX_BODY_BYTES (64 KB). */
  maxBodyBytes?: number;
  /**
   * The JSON body the route reads, if any: THE schema its handler parses with (the handler names
   * the same object, checked at cold start) and the OpenAPI document describes. A route without
   * one answers any body with 400 `no_body_expected`.
   */
  body?: z.ZodMiniType;
  /**
   * The query parameters the route reads, if any: THE schema its handler parses them with (named
   * by the handler too, checked at cold start) and the OpenAPI document lists as parameters. A
   * route without one reads no query parameter.
   */
  query?: z.ZodMiniType;
  /**
   * What the route answers on success: a status and the schema of its JSON body (a named schema
   * of lib/api-responses.ts, a component of the OpenAPI document), or null for no content. Error
   * answers are the shared error body, by the rules in lib/openapi.ts.
   */
  responses: Partial<Record<SuccessStatus, z.ZodMiniType | null>>;
  /** Limited per client address: may answer 429 with `retry-after`. */
  limited?: true;
}

/** The statuses of success answers (the API redirects nowhere). */
export type SuccessStatus = 200 | 201 | 202 | 204;

const ALL_ROLES = ['unit', 'county', 'city', 'auditor'] as const;
const signedIn = { tokenSecret: true } as const;

/** A workflow step on one nomination: handler http/steps/<file>, table write access. */
function step(
  id: string,
  method: Method,
  path: string,
  file: string,
  access: readonly Role[],
  summary: string,
  body?: z.ZodMiniType,
): HttpRoute {
  return {
    id,
    method,
    path,
    handler: `http/steps/${file}`,
    access,
    grants: { table: 'write', ...signedIn },
    summary,
    ...(body ? { body } : {}),
    responses: { 200: answers.nomination },
  };
}

export const routes: readonly HttpRoute[] = [
  {
    id: 'health',
    method: 'GET',
    path: '/api/health',
    handler: 'http/health',
    access: 'public',
    grants: {},
    summary: '健康检查',
    responses: { 200: answers.health },
  },
  {
    id: 'openapi',
    method: 'GET',
    path: '/api/openapi.json',
    handler: 'http/openapi',
    access: 'public',
    grants: {},
    summary: 'OpenAPI 3.1 文档',
    responses: { 200: answers.openApiDoc },
  },
  {
    id: 'login',
    method: 'POST',
    path: '/api/auth/login',
    handler: 'http/auth/login',
    access: 'public',
    grants: { table: 'write', ...signedIn },
    summary: '用登录码换取访问令牌',
    body: loginBody,
    readOnly: true,
    limited: true,
    responses: { 200: answers.login },
  },
  {
    id: 'me',
    method: 'GET',
    path: '/api/me',
    handler: 'http/me',
    access: ALL_ROLES,
    grants: { table: 'read', ...signedIn },
    summary: '当前账号',
    responses: { 200: answers.me },
  },
  {
    id: 'switchCampaign',
    method: 'POST',
    path: '/api/session/campaign',
    handler: 'http/auth/switch-campaign',
    access: ALL_ROLES,
    grants: { table: 'write', ...signedIn },
    summary: '切换到本账号参加的另一个评选活动（换发该活动的访问令牌）',
    body: campaignIdBody,
    readOnly: true,
    responses: { 200: answers.session },
  },
  {
    id: 'createCampaign',
    method: 'POST',
    path: '/api/campaigns',
    handler: 'http/campaigns/create',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '新建评选活动：上传评选定义文件，或复制本办以往的评选活动（可改名称、文号、截止日期）',
    body: newCampaignBody,
    responses: { 201: answers.createdCampaign },
  },
  {
    id: 'getCampaign',
    method: 'GET',
    path: '/api/campaigns/{id}',
    handler: 'http/campaigns/get',
    access: ALL_ROLES,
    grants: { table: 'read', ...signedIn },
    summary: '评选活动及名额使用情况',
    responses: { 200: answers.campaignWithQuotas },
  },
  {
    id: 'listNominations',
    method: 'GET',
    path: '/api/nominations',
    handler: 'http/nominations/list',
    access: ALL_ROLES,
    grants: { table: 'read', ...signedIn },
    summary: '推荐对象列表（分页）',
    query: listFiltersSchema,
    responses: { 200: answers.nominationPage },
  },
  {
    id: 'createNomination',
    method: 'POST',
    path: '/api/nominations',
    handler: 'http/nominations/create',
    access: ['unit'],
    grants: { table: 'write', pii: 'seal', ...signedIn },
    summary: '新建推荐对象（草稿）',
    body: createNominationBody,
    responses: { 201: answers.nomination },
  },
  {
    id: 'getNomination',
    method: 'GET',
    path: '/api/nominations/{id}',
    handler: 'http/nominations/get',
    access: ALL_ROLES,
    // Write: every read of a nominee's full personal data is itself logged.
    grants: { table: 'write', records: 'read', ...signedIn },
    summary: '查看推荐对象（读取个人信息留痕）',
    responses: { 200: answers.nominationDetail },
  },
  {
    id: 'nominationHistory',
    method: 'GET',
    path: '/api/nominations/{id}/history',
    handler: 'http/nominations/history',
    access: ALL_ROLES,
    grants: { table: 'read', ...signedIn },
    summary: '推荐对象的完整变更历史及其校验结果',
    responses: { 200: answers.history },
  },
  {
    id: 'revealIdNumber',
    method: 'POST',
    path: '/api/nominations/{id}/id-number',
    handler: 'http/nominations/reveal-id-number',
    access: ['county', 'city'],
    grants: { table: 'write', pii: 'open', ...signedIn },
    summary: '查看完整身份证号（每次查看均留痕）',
    responses: { 200: answers.idNumber },
  },
  {
    id: 'updateNomination',
    method: 'PATCH',
    path: '/api/nominations/{id}',
    handler: 'http/nominations/update',
    access: ['unit'],
    grants: { table: 'write', pii: 'seal', ...signedIn },
    summary: '修改草稿（携带读取时的版本号）',
    body: patchNominationBody,
    responses: { 200: answers.nomination },
  },
  {
    id: 'discardNomination',
    method: 'DELETE',
    path: '/api/nominations/{id}',
    handler: 'http/nominations/discard',
    access: ['unit'],
    grants: { table: 'write', ...signedIn },
    summary: '删除草稿（记录保留，不再显示）',
    responses: { 200: answers.discarded },
  },
  {
    id: 'requestPhotoUpload',
    method: 'POST',
    path: '/api/nominations/{id}/photo',
    handler: 'http/nominations/photo-upload',
    access: ['unit'],
    grants: { table: 'write', uploads: 'presign', ...signedIn },
    summary: '申请照片直传地址（预签名 POST）',
    body: photoUploadBody,
    responses: { 201: answers.photoUpload },
  },
  {
    id: 'requestScanUpload',
    method: 'POST',
    path: '/api/nominations/{id}/scans',
    handler: 'http/nominations/scan-upload',
    access: ['unit', 'county'],
    grants: { table: 'write', uploads: 'presign', ...signedIn },
    summary: '申请盖章扫描件（公示照片、部门意见）直传地址（预签名 POST）',
    body: scanUploadBody,
    responses: { 201: answers.scanUpload },
  },
  {
    id: 'listScans',
    method: 'GET',
    path: '/api/nominations/{id}/scans',
    handler: 'http/nominations/scans',
    access: ALL_ROLES,
    // Write: the read of stamped opinions about a person is logged, as reads of the nomination are.
    grants: { table: 'write', records: 'read', ...signedIn },
    summary: '盖章扫描件的全部版本及其检查结果（读取留痕）',
    responses: { 200: answers.scans },
  },
  {
    id: 'startAuditVerification',
    method: 'POST',
    path: '/api/audit/verifications',
    handler: 'http/audit/start-verification',
    access: ['auditor', 'city'],
    // the job's own item and its request object; the verification runs in runVerification
    grants: { table: 'write', exports: 'write', ...signedIn },
    summary: '发起审计校验任务：重算全部审计链，逐条核对业务记录、名额计数与照片文件',
    readOnly: true,
    responses: { 202: answers.verificationStarted },
  },
  {
    id: 'getAuditVerification',
    method: 'GET',
    path: '/api/audit/verifications/{id}',
    handler: 'http/audit/get-verification',
    access: ['auditor', 'city'],
    // write: a job overdue past its function's timeout is ended as failed here
    grants: { table: 'write', ...signedIn },
    summary: '审计校验进度；完成后给出结果（断点、链头哈希）',
    responses: { 200: answers.verification },
  },
  {
    id: 'exportAuditLog',
    method: 'POST',
    path: '/api/audit/log',
    handler: 'http/audit/export-log',
    access: ['auditor'],
    grants: { table: 'read', records: 'read', exports: 'write', ...signedIn },
    summary: '导出审计日志（JSONL，附链头哈希）',
    readOnly: true,
    responses: { 201: answers.auditLog },
  },
  {
    id: 'anchorAudit',
    method: 'POST',
    path: '/api/audit/anchors',
    handler: 'http/audit/anchor',
    access: ['city'],
    grants: { table: 'write', records: 'write', ...signedIn },
    summary: '立即为全部审计链设置锚点（另有每日定时任务）',
    responses: { 201: answers.anchor },
  },
  // ── The process (两审两公示): unit steps ──
  step(
    'recordUnitRecommendation',
    'PUT',
    '/api/nominations/{id}/unit-recommendation',
    'unit-recommendation',
    ['unit'],
    '登记民主推荐和领导班子研究决定',
    unitRecommendationBody,
  ),
  step(
    'startUnitPublicity',
    'POST',
    '/api/nominations/{id}/unit-publicity',
    'start-unit-publicity',
    ['unit'],
    '开始单位公示（公示期按活动定义，默认 5 个工作日）',
    startUnitPublicityBody,
  ),
  step(
    'closeUnitPublicity',
    'POST',
    '/api/nominations/{id}/unit-publicity/close',
    'close-unit-publicity',
    ['unit'],
    '结束单位公示并登记结果',
    closeUnitPublicityBody,
  ),
  step(
    'cancelUnitPublicity',
    'POST',
    '/api/nominations/{id}/unit-publicity/cancel',
    'cancel-unit-publicity',
    ['unit'],
    '取消误开始的单位公示（须写明理由），回到开始前的状态',
    reasonBody,
  ),
  step('submitToCounty', 'POST', '/api/nominations/{id}/submit', 'submit', ['unit'], '报送县（区）'),
  step(
    'withdraw',
    'POST',
    '/api/nominations/{id}/withdraw',
    'withdraw',
    ['unit'],
    '撤回推荐（县区推荐前）',
    reasonBody,
  ),
  {
    id: 'copyNomination',
    method: 'POST',
    path: '/api/nominations/{id}/copy',
    handler: 'http/nominations/copy',
    access: ['unit'],
    grants: { table: 'write', records: 'write', pii: 'reseal', ...signedIn },
    summary: '将已撤回或县区不予推荐的推荐复制为新草稿（含表单和照片）',
    responses: { 201: answers.nomination },
  },
  // ── county ──
  step(
    'recordPoliticalReview',
    'PUT',
    '/api/nominations/{id}/political-review',
    'political-review',
    ['county'],
    '登记政治审查',
    politicalReviewBody,
  ),
  step(
    'recordOpinion',
    'PUT',
    '/api/nominations/{id}/opinions/{department}',
    'opinion',
    ['county'],
    '登记组织人事、纪检监察、公安意见',
    opinionBody,
  ),
  step(
    'returnToUnit',
    'POST',
    '/api/nominations/{id}/return-to-unit',
    'return-to-unit',
    ['county'],
    '退回推荐单位',
    reasonBody,
  ),
  step(
    'recommend',
    'POST',
    '/api/nominations/{id}/recommend',
    'recommend',
    ['county'],
    '推荐（占用本地区名额）',
  ),
  step('decline', 'POST', '/api/nominations/{id}/decline', 'decline', ['county'], '不予推荐', reasonBody),
  {
    id: 'getCountyReport',
    method: 'GET',
    path: '/api/regions/{region}/report',
    handler: 'http/regions/get-report',
    access: ['county', 'city', 'auditor'],
    grants: { table: 'read', ...signedIn },
    summary: '县（区）审核推荐工作报告',
    responses: { 200: answers.countyReport },
  },
  {
    id: 'saveCountyReport',
    method: 'PUT',
    path: '/api/regions/{region}/report',
    handler: 'http/regions/save-report',
    access: ['county'],
    grants: { table: 'write', ...signedIn },
    summary: '撰写审核推荐工作报告',
    body: countyReportBody,
    responses: { 200: answers.countyReport },
  },
  {
    id: 'submitToCity',
    method: 'POST',
    path: '/api/regions/{region}/submit',
    handler: 'http/regions/submit',
    access: ['county'],
    grants: { table: 'write', ...signedIn },
    summary: '将本地区已推荐对象报送市评选办',
    responses: { 200: answers.batch },
  },
  // ── city office ──
  step(
    'returnToCounty',
    'POST',
    '/api/nominations/{id}/return-to-county',
    'return-to-county',
    ['city'],
    '退回县（区）',
    reasonBody,
  ),
  step('recordVote', 'POST', '/api/nominations/{id}/vote', 'vote', ['city'], '登记评审会表决', voteBody),
  {
    id: 'dashboard',
    method: 'GET',
    path: '/api/campaigns/{id}/dashboard',
    handler: 'http/campaigns/dashboard',
    access: ['city', 'auditor'],
    grants: { table: 'read', ...signedIn },
    summary: '各地区名额使用和各状态数量',
    responses: { 200: answers.dashboard },
  },
  {
    id: 'saveMeeting',
    method: 'PUT',
    path: '/api/campaigns/{id}/meeting',
    handler: 'http/campaigns/save-meeting',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '登记评审会（日期、成员、到会人数）',
    body: meetingBody,
    responses: { 200: answers.meetingSaved },
  },
  {
    id: 'updateSettings',
    method: 'PATCH',
    path: '/api/campaigns/{id}',
    handler: 'http/campaigns/update-settings',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '修改活动设置（通过规则、截止日期延期、节假日、异议渠道）',
    body: campaignSettingsBody,
    responses: { 200: answers.settings },
  },
  {
    id: 'getHolidayCalendar',
    method: 'GET',
    path: '/api/holiday-calendar',
    handler: 'http/holidays/get',
    access: ['city', 'auditor'],
    grants: { table: 'read', ...signedIn },
    summary: '全系统节假日数据（国务院办公厅通知）及本次评选缺少的年份',
    responses: { 200: answers.holidayCalendar },
  },
  {
    id: 'saveHolidayNotice',
    method: 'PUT',
    path: '/api/holiday-calendar/{year}',
    handler: 'http/holidays/save',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '粘贴某年国务院办公厅节假日安排通知，解析后供全系统使用（留痕）',
    body: holidayNoticeBody,
    responses: { 200: answers.holidayNoticeSaved },
  },
  {
    id: 'setQuotas',
    method: 'PUT',
    path: '/api/campaigns/{id}/quotas',
    handler: 'http/campaigns/set-quotas',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '调整各地区名额（合计须等于总名额，且不低于已用）',
    body: quotasBody,
    responses: { 200: answers.quotas },
  },
  {
    id: 'startCityPublicity',
    method: 'POST',
    path: '/api/campaigns/{id}/city-publicity',
    handler: 'http/campaigns/start-city-publicity',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary:
      '开始新一轮市级公示（评审通过、尚未公示的对象；每轮公示期按活动定义，默认 5 个工作日）；dryRun 只预览',
    body: cityPublicityBody,
    responses: { 200: answers.roundAnswer },
  },
  {
    id: 'confirmList',
    method: 'POST',
    path: '/api/campaigns/{id}/confirm',
    handler: 'http/campaigns/confirm',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '正式确定本轮公示期满且无未结异议的对象',
    responses: { 200: answers.confirmed },
  },
  {
    id: 'listCases',
    method: 'GET',
    path: '/api/campaigns/{id}/cases',
    handler: 'http/campaigns/cases',
    access: ['city', 'auditor'],
    grants: { table: 'read', ...signedIn },
    summary: '异议件列表',
    responses: { 200: answers.cases },
  },
  {
    id: 'resolveCase',
    method: 'POST',
    path: '/api/nominations/{id}/cases/{case}/resolve',
    handler: 'http/nominations/resolve-case',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '处理异议：成立（撤销）或不成立，须写明理由',
    body: resolveCaseBody,
    responses: { 200: answers.nomination },
  },
  {
    id: 'revealObjectorPhone',
    method: 'POST',
    path: '/api/nominations/{id}/cases/{case}/phone',
    handler: 'http/nominations/reveal-objector-phone',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '查看异议人完整联系电话（每次查看均留痕）',
    responses: { 200: answers.objectorPhone },
  },
  // ── accounts (city office) ──
  {
    id: 'listAccounts',
    method: 'GET',
    path: '/api/accounts',
    handler: 'http/accounts/list',
    access: ['city', 'auditor'],
    grants: { table: 'read', ...signedIn },
    summary: '本活动的全部账号（不含登录码）',
    responses: { 200: answers.accounts },
  },
  {
    id: 'issueAccount',
    method: 'POST',
    path: '/api/accounts',
    handler: 'http/accounts/issue',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '新建账号并签发登录码（仅显示一次）',
    body: issueAccountBody,
    responses: { 201: answers.issuedAccount },
  },
  {
    id: 'importUnits',
    method: 'POST',
    path: '/api/accounts/import',
    handler: 'http/accounts/import',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '从“地区,单位名称”名单（CSV 文本或 .xlsx 文件）批量新建推荐单位账号',
    body: importUnitsBody,
    // A 512 KB .xlsx as base64 (MAX_UNIT_LIST_XLSX_BASE64), with room for the JSON around it.
    maxBodyBytes: 704 * 1024,
    responses: { 201: answers.importedUnits },
  },
  {
    id: 'reissueCode',
    method: 'POST',
    path: '/api/accounts/{id}/code',
    handler: 'http/accounts/reissue',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '重新签发登录码（旧码立即失效）',
    responses: { 200: answers.issuedAccount },
  },
  {
    id: 'addToCampaign',
    method: 'POST',
    path: '/api/accounts/{id}/campaigns',
    handler: 'http/accounts/add-to-campaign',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '让本活动的账号以同一角色、同一地区参加本办的另一个评选活动',
    body: campaignIdBody,
    responses: { 201: answers.joinedAccount },
  },
  {
    id: 'revokeAccount',
    method: 'POST',
    path: '/api/accounts/{id}/revoke',
    handler: 'http/accounts/revoke',
    access: ['city'],
    grants: { table: 'write', ...signedIn },
    summary: '停用账号（登录码和已签发的令牌立即失效）',
    responses: { 200: answers.revokedAccount },
  },
  // ── exports ──
  {
    id: 'requestExport',
    method: 'POST',
    path: '/api/exports',
    handler: 'http/exports/request',
    access: ['city', 'county', 'auditor'],
    grants: { table: 'write', exports: 'write', ...signedIn },
    summary: '导出全套评选材料（汇总表、审批表、征求意见表、报告、名额表、照片，附清单）',
    body: exportRequestBody,
    readOnly: true,
    responses: { 202: answers.exportStarted },
  },
  {
    id: 'getExport',
    method: 'GET',
    path: '/api/exports/{id}',
    handler: 'http/exports/get',
    access: ['city', 'county', 'auditor'],
    // write: a job left running past its function's timeout is ended here, as failed
    grants: { table: 'write', exports: 'write', ...signedIn },
    summary: '导出进度；完成后给出短时下载链接',
    responses: { 200: answers.exportJob },
  },
  // ── the public ──
  {
    id: 'publicity',
    method: 'GET',
    path: '/api/public/campaigns/{id}/publicity',
    handler: 'http/public/publicity',
    access: 'public',
    grants: { table: 'read' },
    summary: '公示名单（无需登录；不含身份证号和电话）',
    responses: { 200: answers.publicity },
  },
  {
    id: 'fileObjection',
    method: 'POST',
    path: '/api/public/campaigns/{id}/objections',
    handler: 'http/public/file-objection',
    access: 'public',
    grants: { table: 'write' },
    summary: '提交异议（实名并留电话方予受理；限流）',
    body: objectionBody,
    limited: true,
    responses: { 201: answers.objectionFiled },
  },
];

/** Functions triggered by objects arriving in a bucket. */
export interface UploadProcessor {
  id: string;
  handler: string;
  /** Key prefix in the uploads bucket that triggers it. */
  prefix: string;
  grants: Grants;
  /** Memory in MB: image work needs more than the API's default. */
  memoryMb: number;
}

export const uploadProcessors: readonly UploadProcessor[] = [
  {
    id: 'processPhoto',
    handler: 'events/process-photo',
    prefix: 'photos/',
    grants: { table: 'write', uploads: 'process', records: 'write' },
    memoryMb: 1536,
  },
  {
    id: 'processScan',
    handler: 'events/process-scan',
    prefix: 'scans/',
    grants: { table: 'write', uploads: 'process', records: 'write' },
    memoryMb: 1536,
  },
];

/**
 * Long work off the request path: a route drops a small request object into the exports bucket
 * under `prefix`, and S3 runs the function (locally, the local runtime does).
 */
/** The verification job's size: its budget is 10,000 nominations in under a third of its timeout. */
export const VERIFY_JOB_TIMEOUT_SECONDS = 900;
export const VERIFY_JOB_MEMORY_MB = 1024;
/** The time 10,000 nominations must verify in (measured by npm run bench:verify). */
export const VERIFY_BUDGET_SECONDS = 300;

export interface ExportJobRunner {
  id: string;
  handler: string;
  prefix: string;
  grants: Grants;
  /** Lambda gives CPU in proportion to memory: 1,769 MB is one whole vCPU. */
  memoryMb: number;
  timeoutSeconds: number;
  /** /tmp: the nominations copied once, and the photos of the region written and of the next. */
  ephemeralMb: number;
}

export const exportJobRunners: readonly ExportJobRunner[] = [
  {
    id: 'runExport',
    handler: 'events/run-export',
    prefix: 'requests/',
    grants: { table: 'write', records: 'read', exports: 'write', pii: 'open' },
    // the job is CPU-bound (forms, zip, hashes) and needs ~300 MB: the memory buys the CPU
    memoryMb: 2048,
    timeoutSeconds: 900,
    ephemeralMb: 2048,
  },
  {
    id: 'runVerification',
    handler: 'events/run-verification',
    prefix: 'verifications/',
    grants: { table: 'write', records: 'read' },
    // I/O-bound (queries, photo reads, hashes); the memory buys network and CPU for the hashing.
    // Budget: 10,000 nominations well inside the timeout (README, npm run bench:verify).
    memoryMb: VERIFY_JOB_MEMORY_MB,
    timeoutSeconds: VERIFY_JOB_TIMEOUT_SECONDS,
    ephemeralMb: 512,
  },
];

/** Functions run on a schedule (EventBridge in the cloud; by hand locally). */
export interface ScheduledJob {
  id: string;
  handler: string;
  /** An EventBridge schedule expression. */
  schedule: string;
  grants: Grants;
  description: string;
}

export const scheduledJobs: readonly ScheduledJob[] = [
  {
    id: 'anchorAudits',
    handler: 'jobs/anchor-audits',
    schedule: 'rate(1 day)',
    grants: { table: 'write', records: 'write' },
    description: 'Pins every campaign’s audit history daily in the records bucket',
  },
];

/** The route entry with this id; throws at cold start if a handler names a missing route. */
export function routeById(id: string): HttpRoute {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`no route ${id} in functions/routes.ts`);
  return route;
}
