/**
 * What the auditor's pages share: their stylesheet, the Chinese names of upload verdicts, scan
 * purposes and chains, and the list filters last used (the way back from a record).
 */
import type { PhotoStatus } from '#shared/nomination';
import './style.ts';

export const PHOTO_STATUS_LABELS: Record<PhotoStatus, string> = {
  pending: '审核中',
  accepted: '已通过',
  refused: '未通过',
};

/** What a stamped scan is evidence of (the API's purpose ids). */
export const SCAN_LABELS: Record<string, string> = {
  notice: '单位公示张贴照片',
  'opinion-personnel': '组织人事部门意见',
  'opinion-discipline': '纪检监察部门意见',
  'opinion-police': '公安部门意见',
};

const CHAIN_KINDS: Record<string, string> = {
  NOM: '推荐对象',
  READS: '查阅记录',
  ACCOUNT: '账号',
  UNIT: '单位',
  CAMPAIGN: '评选',
  ANCHOR: '锚点',
  REPORT: '县区报告',
  EXPORT: '导出任务',
  QUOTA: '名额计数',
};

/** A chain's name for people, with a link when it is a nomination's. */
export function chainLabel(chain: string): { kind: string; id: string; href?: string } {
  const at = chain.indexOf('#');
  const kind = at < 0 ? chain : chain.slice(0, at);
  const id = at < 0 ? '' : chain.slice(at + 1);
  return { kind: CHAIN_KINDS[kind] ?? kind, id, ...(kind === 'NOM' && id ? { href: `#/n/${id}` } : {}) };
}

/** The list query the auditor last looked at, so that "返回列表" comes back to it. */
export const lastList = { query: '' };
