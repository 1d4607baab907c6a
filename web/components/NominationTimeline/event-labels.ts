/**
 * How an audit event reads in Chinese: its action, its actor, the fields it changed and their
 * values (empty is —, codes by their names, lists and records compact on one line).
 */
import { CATEGORY_LABELS } from '#shared/campaign';
import { FIELD_LABELS } from '#shared/forms';
import { STATUS_LABELS } from '#shared/nomination';
import { ROLE_LABELS } from '#shared/roles';
import { ACTIONS } from '#shared/workflow';
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
  'campaign.created': '新建评选',
  'unit.created': '新建单位',
  'account.created': '新建账号',
  'account.code_reissued': '重新签发登录码',
  'account.revoked': '停用账号',
  'audit.anchored': '设置审计锚点',
  'holidays.notice_saved': '保存法定节假日安排',
};

/** The action's Chinese name (process steps by the workflow's own labels), or its id when it has none yet. */
export function actionLabel(action: string): string {
  const step = action.startsWith('workflow.') ? action.slice(9) : '';
  return ACTION_LABELS[action] ?? (ACTIONS as Record<string, { label: string }>)[step]?.label ?? action;
}

export const actorLabel = (role: string) =>
  role === 'system' ? '系统' : (ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role);

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
  unitRecommendation: '单位推荐（民主推荐、班子决定）',
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
};

/** A scan's fields: scans.<purpose> (an upload), scans.<purpose>.<scanId> (its verdict). */
const SCAN_FIELD = /^scans\.([^.]+)(\.[^.]+)?$/;

export function fieldLabel(field: string): string {
  const known = FIELD_LABELS[field] ?? RECORD_FIELDS[field];
  if (known) return known;
  const scan = SCAN_FIELD.exec(field);
  if (scan) return `扫描件：${SCAN_LABELS[scan[1] as string] ?? scan[1]}${scan[2] ? '（检查结果）' : ''}`;
  return field;
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

const VALUE_LABELS: Record<string, Record<string, string>> = {
  category: CATEGORY_LABELS,
  status: STATUS_LABELS,
  'photo.status': PHOTO_STATUS_LABELS,
};

/** Arrays and objects on one line: [a, b], {key: value}. */
function compact(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${compact(x)}`)
      .join(', ')}}`;
  return String(v);
}

/** A value as recorded in an event, for reading: empty is —, known codes in Chinese. */
export function shownValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const labels: Record<string, string> | undefined =
    VALUE_LABELS[field] ?? (SCAN_FIELD.exec(field)?.[2] ? PHOTO_STATUS_LABELS : undefined);
  const label = labels?.[String(value)];
  if (label) return label;
  if (field === 'noViolation' && typeof value === 'boolean')
    return value ? '无违法违纪问题' : '有违法违纪问题';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (field === 'assessments' && Array.isArray(value))
    return value
      .map((a: { year?: unknown; result?: unknown }) =>
        a && typeof a === 'object' && 'year' in a ? `${a.year}年 ${a.result ?? '—'}` : compact(a),
      )
      .join('；');
  return typeof value === 'object' ? compact(value) : String(value);
}
