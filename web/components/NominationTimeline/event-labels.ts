/**
 * How an audit event reads in Chinese: its action, its actor (by unit or office name), the fields
 * it changed and their values. Codes read by their names (状态、结论、规则), dates the official
 * way, and a recorded object (a vote, the three opinions, the unit publicity) as labelled
 * sub-fields, never as {key: value}. A key without a name falls back to 其他字段, never to English.
 */
import { FIELD_LABELS } from '#shared/forms';
import { STATUS_LABELS } from '#shared/nomination';
import { PUYANG_OPINIONS } from '#shared/opinions';
import { ROLE_LABELS } from '#shared/roles';
import { officialDate } from '#shared/text';
import { ACTIONS, PASS_RULE_LABELS } from '#shared/workflow';
import { dateTime } from '../../format.ts';
import { PHOTO_STATUS_LABELS, SCAN_LABELS } from '../Auditor/auditor.ts';

export const ACTION_LABELS: Record<string, string> = {
  'nomination.created': '新建',
  'nomination.updated': '修改',
  'nomination.discarded': '删除草稿',
  'photo.upload_started': '上传照片',
  'photo.accepted': '照片通过',
  'photo.refused': '照片未通过',
  'pii.id_number_revealed': '查看完整身份证号',
  'pii.objector_phone_revealed': '查看异议人完整电话',
  'pii.nomination_read': '查看推荐对象',
  'pii.scans_read': '查看扫描件',
  'scan.upload_started': '上传扫描件',
  'scan.accepted': '扫描件通过',
  'scan.refused': '扫描件未通过',
  'report.created': '填写审核推荐工作报告',
  'report.updated': '修改审核推荐工作报告',
  'objection.filed': '收到异议',
  'nomination.copied_from': '由已结束的推荐复制为新草稿',
  'nomination.copied_to': '复制为新草稿',
  'campaign.city_publicity_round_started': '开始新一轮市级公示',
  'objection.dismissed': '异议不成立，办结',
  'campaign.created': '新建评选',
  'campaign.settings_changed': '修改评选设置',
  'campaign.notice_changed': '修改评选名称、文号或截止日期',
  'campaign.quotas_changed': '调整名额',
  'campaign.meeting_recorded': '登记评审会议',
  'campaign.city_publicity_started': '开始市级公示',
  'unit.created': '新建单位',
  'account.created': '新建账号',
  'account.code_reissued': '重新签发登录码',
  'account.revoked': '停用账号',
  'account.joined': '加入评选活动',
  'audit.anchored': '设置审计锚点',
  'holidays.notice_saved': '保存法定节假日安排',
  'export.requested': '申请导出评选材料',
  'export.done': '评选材料导出完成',
  'export.failed': '评选材料导出失败',
};

/** The action's Chinese name (process steps by the workflow's own labels). */
export function actionLabel(action: string): string {
  const step = action.startsWith('workflow.') ? action.slice(9) : '';
  return ACTION_LABELS[action] ?? (ACTIONS as Record<string, { label: string }>)[step]?.label ?? '其他操作';
}

/** Who acted: the account's name (unit or office) when the history names it, else the role. */
export function actorLabel(actor: { accountId: string; role: string }, names: Record<string, string> = {}) {
  const role = actor.role === 'system' ? '系统' : (ROLE_LABELS[actor.role as keyof typeof ROLE_LABELS] ?? '');
  const name = names[actor.accountId];
  return name ? `${name}（${role}）` : role || '未知账号';
}

/** Fields an event records beyond the form's own. */
const RECORD_FIELDS: Record<string, string> = {
  category: '类别',
  status: '状态',
  photo: '照片',
  'photo.status': '照片审核结果',
  'photo.reason': '未通过原因',
  acceptedPhoto: '采用的照片',
  nomination: '推荐对象',
  reason: '理由',
  unitRecommendation: '民主推荐和集体研究',
  unitPublicity: '单位公示',
  cityPublicity: '市级公示轮次',
  copiedFrom: '复制自',
  copiedTo: '复制为',
  cityPublicityRounds: '市级公示轮次',
  'unitPublicity.noticeScanId': '公示张贴照片',
  submittedAt: '报送县区时间',
  politicalReview: '政治审查',
  opinions: '部门意见',
  vote: '评审表决',
  decisions: '处理记录',
  'scan.reason': '扫描件未通过原因',
  'scan.sha256': '扫描件 SHA-256',
  case: '异议件',
  'case.status': '异议件状态',
  'case.phone': '反映人电话',
  'case.receipt': '异议受理编号',
  anchor: '审计锚点',
  campaign: '评选活动',
  code: '登录码',
  region: '地区',
  set: '导出范围',
  revokedAt: '停用时间',
  expiresAt: '账号有效期至',
  sessionEpoch: '登录会话（重新签发或停用时更新）',
  passRule: '表决通过规则',
  calendar: '节假日安排',
  extensions: '截止日期延期',
  meeting: '评审会议',
  objectionChannels: '异议受理渠道',
};

/** Keys inside a recorded object (a vote, an opinion, the unit publicity, a decision…). */
const SUB_FIELDS: Record<string, string> = {
  // the opinions of records written before campaign definitions named them by these ids
  ...Object.fromEntries(PUYANG_OPINIONS.map((o) => [o.id, o.department])),
  startedFrom: '开始公示前的状态',
  democratic: '民主推荐',
  date: '日期',
  voters: '参加人数',
  votesFor: '赞成票数',
  leadershipDecisionDate: '领导班子集体研究日期',
  postedOn: '公示张贴日期',
  endsOn: '公示截止日期',
  startsOn: '开始日期',
  noticeScanId: '公示张贴照片',
  outcome: '结果',
  note: '说明',
  passed: '结论',
  text: '内容',
  conclusion: '结论',
  favourable: '是否同意推荐',
  docNumber: '文号',
  scanId: '盖章扫描件',
  for: '赞成',
  against: '反对',
  abstain: '弃权',
  present: '到会人数',
  members: '成员人数',
  score: '评审得分',
  attendees: '到会人员',
  action: '操作',
  reason: '理由',
  at: '时间',
  by: '操作人',
  role: '角色',
  unitToCounty: '推荐单位报送县区截止',
  countyToCity: '县区报送市评选办截止',
  phone: '电话',
  letter: '信函地址',
  email: '电子邮箱',
  visit: '来访地址',
  years: '各年份',
  holidays: '放假日期',
  workdays: '调休上班日期',
  key: '文件',
  sha256: 'SHA-256',
  headHash: '头哈希',
  chains: '审计链数',
};

/** A scan's fields: scans.<purpose> (an upload), scans.<purpose>.<scanId> (its verdict). */
const SCAN_FIELD = /^scans\.([^.]+)(\.[^.]+)?$/;

export function fieldLabel(field: string): string {
  const known = FIELD_LABELS[field] ?? RECORD_FIELDS[field];
  if (known) return known;
  const scan = SCAN_FIELD.exec(field);
  if (scan) return `扫描件：${SCAN_LABELS[scan[1] as string] ?? '其他'}${scan[2] ? '（检查结果）' : ''}`;
  return SUB_FIELDS[field] ?? '其他字段';
}

/** The record's own fields, then the form's in the order of the form, then anything else. */
const ORDER = ['category', 'status', ...Object.keys(FIELD_LABELS)];

/** The changes in the order a reader meets the fields on the form (events store them by key). */
export function byFormOrder<T extends { field: string }>(changes: T[]): T[] {
  const rank = (f: string) => {
    const i = ORDER.indexOf(f);
    return i < 0 ? ORDER.length : i;
  };
  // With the stored position as tie-break: old engines do not sort stably.
  return changes
    .map((c, i) => ({ c, i, r: rank(c.field) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

/** What an objection case is now: its stored status, or its outcome once resolved. */
export const CASE_STATUS_LABELS: Record<string, string> = {
  open: '待处理',
  not_accepted: '匿名，不予受理',
  resolved: '已办结',
  upheld: '异议成立，已撤销该对象',
  dismissed: '异议不成立',
};

/** Codes a value may hold, by the field (or sub-field) holding it. */
const VALUE_LABELS: Record<string, Record<string, string>> = {
  status: STATUS_LABELS,
  // the state a unit publicity was started from (and a cancel returns to)
  startedFrom: STATUS_LABELS,
  'photo.status': PHOTO_STATUS_LABELS,
  case: CASE_STATUS_LABELS,
  'case.status': CASE_STATUS_LABELS,
  outcome: {
    no_objection: '公示无异议',
    objections_handled: '异议已处理',
    upheld: '异议成立',
    dismissed: '异议不成立',
  },
  passRule: PASS_RULE_LABELS,
  role: { ...ROLE_LABELS, system: '系统' },
  action: Object.fromEntries(Object.entries(ACTIONS).map(([k, a]) => [k, a.label])),
  set: {
    submitted: '已报送的对象',
    recommended: '已推荐的对象',
    selected: '评审通过的对象',
    confirmed: '已确定的对象',
  },
};

const YES_NO: Record<string, [string, string]> = {
  noViolation: ['无违法违纪问题', '有违法违纪问题'],
  favourable: ['同意推荐', '不同意推荐'],
  passed: ['通过', '未通过'],
};

/** A value as the page shows it: a line of text, or labelled parts (each shown the same way). */
export type Shown = string | { label: string; value: Shown }[];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The campaign's category ids → names (worker → 先进工作者), from its definition. */
export type CategoryNames = Record<string, string>;

/**
 * A value as recorded in an event, for reading: empty is —, codes by their names, objects in
 * parts; a category (and a per-category part, such as a quota) by the campaign's name for it.
 */
export function shownValue(field: string, value: unknown, categories: CategoryNames = {}): Shown {
  if (value === null || value === undefined || value === '') return '—';
  const labels: Record<string, string> | undefined =
    field === 'category'
      ? categories
      : (VALUE_LABELS[field] ?? (SCAN_FIELD.exec(field)?.[2] ? PHOTO_STATUS_LABELS : undefined));
  const label = labels?.[String(value)];
  if (label) return label;
  if (typeof value === 'boolean') {
    const words = YES_NO[field];
    return words ? words[value ? 0 : 1] : value ? '是' : '否';
  }
  if (field === 'assessments' && Array.isArray(value))
    return value
      .map((a: { year?: unknown; result?: unknown }) => `${a?.year ?? '—'}年 ${a?.result ?? '—'}`)
      .join('；');
  if (Array.isArray(value)) {
    if (value.every((x) => typeof x !== 'object' || x === null))
      return value.map((x) => text(shownValue(field, x, categories))).join('、') || '—';
    return value.map((x, i) => ({ label: `第 ${i + 1} 项`, value: shownValue(field, x, categories) }));
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => ({
      label: /^\d{4}$/.test(k)
        ? `${k}年`
        : (SUB_FIELDS[k] ?? categories[k] ?? FIELD_LABELS[k] ?? RECORD_FIELDS[k] ?? '其他'),
      value: shownValue(k, v, categories),
    }));
  }
  const s = String(value);
  if (ISO_DATE.test(s)) return officialDate(s);
  if (ISO_TIME.test(s)) return dateTime(s);
  return s;
}

/** A shown value on one line (for lists and short places): parts as 标签：值；… */
export function text(shown: Shown): string {
  return typeof shown === 'string' ? shown : shown.map((p) => `${p.label}：${text(p.value)}`).join('；');
}
