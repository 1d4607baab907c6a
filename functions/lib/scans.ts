/**
 * Stamped scans: the data side. Every upload is an item under its nomination (`NOM#<id>` /
 * `SCAN#<scanId>`), created pending when the upload address is handed out and judged once by the
 * processor; both are events on the nomination's audit chain, written in the same transaction.
 * An accepted notice scan becomes the unit publicity's evidence (`unitPublicity.noticeScanId`);
 * an accepted opinion scan may then be named by the county's opinion step.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ApiError, ConflictError, NotFoundError, ValidationError } from '#shared/errors';
import { levelNames } from '#shared/levels';
import { opinionsOf } from '#shared/opinions';
import type { Principal } from '#shared/roles';
import { opinionOfPurpose, type ScanPurpose, type ScanVersion, scanPurposeLabel } from '#shared/scan-rules';
import { decide, type WorkflowAction } from '#shared/workflow';
import { getCampaign } from './campaigns.ts';
import { db, queryAll, tableName } from './db.ts';
import {
  maybe,
  type NominationItem,
  nominationPartition,
  nominationRecord,
  parseScan,
  SCAN_PREFIX,
  type ScanItem,
  scanKey,
  scanVersionOf,
} from './keys.ts';
import { readNomination, recordVerdictOnce } from './nomination-records.ts';
import { type ChangeContext, changeRecord, type TransactItem } from './records.ts';

const notFound = () => new NotFoundError('推荐对象不存在');

/** The step whose rules (who, in which state) decide whether a scan of this purpose may be uploaded. */
const stepOf = (purpose: ScanPurpose): WorkflowAction =>
  purpose === 'notice' ? 'attachNoticePhoto' : 'recordOpinion';

/**
 * Record that a scan upload was handed out: a pending scan under the nomination, and the event on
 * its chain. The notice is the unit's while its publicity runs; the opinions are the county's while
 * it reviews. Anything else is refused with the state machine's reason, and nothing is written.
 */
export async function startScanUpload(
  principal: Principal,
  nominationId: string,
  scanId: string,
  purpose: ScanPurpose,
  ctx: ChangeContext,
): Promise<ScanItem> {
  const n = await readNomination(principal, nominationId);
  const campaign = await getCampaign(n.campaignId);
  const opinions = opinionsOf(campaign);
  const opinion = opinionOfPurpose(purpose);
  if (opinion !== null && !opinions.some((o) => o.id === opinion)) {
    throw new ValidationError(
      `本次评选没有这项部门意见：应为${opinions.map((o) => o.department).join('、')}意见之一`,
      'purpose',
      'unknown_opinion',
    );
  }
  const scan: ScanItem = {
    ...scanKey(nominationId, scanId),
    type: 'scan',
    nominationId,
    scanId,
    purpose,
    status: 'pending',
    uploadedAt: ctx.now,
    uploadedBy: principal.accountId,
  };
  await changeRecord(nominationRecord(nominationId), ctx, notFound, (current) => {
    const allowed = decide({
      status: current.status,
      action: stepOf(purpose),
      role: principal.role,
      facts: { category: current.category, levels: levelNames(campaign.definition) },
    });
    if (!allowed.ok) {
      // The state machine's answer: 403 for the wrong role, 409 for the wrong state.
      throw new ApiError(
        allowed.httpStatus,
        allowed.code,
        `不能上传${scanPurposeLabel(purpose, opinions)}：${allowed.reason}`,
      );
    }
    return {
      action: 'scan.upload_started',
      campaignId: current.campaignId,
      next: current,
      changes: [{ field: `scans.${purpose}`, before: null, after: scanId }],
      with: [
        {
          Put: { TableName: tableName(), Item: scan, ConditionExpression: 'attribute_not_exists(pk)' },
        },
      ],
    };
  });
  return scan;
}

/** The processor's verdict on a scan. Idempotent: a scan already judged is left alone. */
export async function recordScanVerdict(
  nominationId: string,
  verdict: Pick<
    ScanVersion,
    | 'scanId'
    | 'status'
    | 'reason'
    | 'reasonCode'
    | 'kind'
    | 'bytes'
    | 'sha256'
    | 'pages'
    | 'width'
    | 'height'
    | 'processedAt'
  > & {
    status: 'accepted' | 'refused';
  },
  ctx: ChangeContext,
): Promise<'recorded' | 'already-judged'> {
  const set: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(verdict))
    if (value !== undefined && field !== 'scanId') set[field] = value;
  const names = Object.fromEntries(Object.keys(set).map((f, i) => [`#f${i}`, f]));
  const values = Object.fromEntries(Object.values(set).map((v, i) => [`:v${i}`, v]));
  const scanUpdate: TransactItem = {
    Update: {
      TableName: tableName(),
      Key: scanKey(nominationId, verdict.scanId),
      UpdateExpression: `SET ${Object.keys(names)
        .map((n, i) => `${n} = :v${i}`)
        .join(', ')}`,
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { ...names, '#status': 'status' },
      ExpressionAttributeValues: { ...values, ':pending': 'pending' },
    },
  };
  return recordVerdictOnce(nominationId, ctx, async (current) => {
    const scan = await getScan(nominationId, verdict.scanId);
    if (scan?.status !== 'pending') throw new ConflictError('扫描件已处理', 'already_judged');
    // An accepted notice is the evidence of the publicity that is running now; a publicity
    // that has ended (or restarted since) keeps the evidence it had.
    const attach =
      verdict.status === 'accepted' &&
      scan.purpose === 'notice' &&
      current.status === 'unit_publicity' &&
      current.unitPublicity !== undefined;
    const next: NominationItem = attach
      ? {
          ...current,
          unitPublicity: {
            ...(current.unitPublicity as NonNullable<NominationItem['unitPublicity']>),
            noticeScanId: verdict.scanId,
          },
        }
      : current;
    return {
      action: verdict.status === 'accepted' ? 'scan.accepted' : 'scan.refused',
      campaignId: current.campaignId,
      next,
      changes: [
        { field: `scans.${scan.purpose}.${verdict.scanId}`, before: 'pending', after: verdict.status },
        ...(verdict.reason ? [{ field: 'scan.reason', before: null, after: verdict.reason }] : []),
        ...(verdict.sha256 ? [{ field: 'scan.sha256', before: null, after: verdict.sha256 }] : []),
        ...(attach
          ? [
              {
                field: 'unitPublicity.noticeScanId',
                before: current.unitPublicity?.noticeScanId ?? null,
                after: verdict.scanId,
              },
            ]
          : []),
      ],
      with: [scanUpdate],
    };
  });
}

async function getScan(nominationId: string, scanId: string): Promise<ScanItem | null> {
  const got = await db().send(
    new GetCommand({ TableName: tableName(), Key: scanKey(nominationId, scanId), ConsistentRead: true }),
  );
  return maybe(parseScan)(got.Item) ?? null;
}

/** The pending scan awaiting a verdict, or null when it is unknown or already judged. */
export async function scanPending(nominationId: string, scanId: string): Promise<ScanItem | null> {
  const scan = await getScan(nominationId, scanId);
  return scan?.status === 'pending' ? scan : null;
}

/** Every scan of a nomination, newest first (scan ids are ULIDs). */
export async function listScans(nominationId: string): Promise<ScanVersion[]> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :scan)',
    ExpressionAttributeValues: { ':pk': nominationPartition(nominationId), ':scan': SCAN_PREFIX },
    ScanIndexForward: false,
  });
  return items.map(scanVersionOf);
}

/**
 * The scan, when it exists, belongs to this nomination, has this purpose and was accepted; null
 * otherwise. What the opinion step checks before it records a `scanId`.
 */
export async function acceptedScan(
  nominationId: string,
  scanId: string,
  purpose: ScanPurpose,
): Promise<ScanItem | null> {
  const scan = await getScan(nominationId, scanId);
  return scan && scan.status === 'accepted' && scan.purpose === purpose ? scan : null;
}

/**
 * For a step that names a scan: the nomination must be one the principal may see (404 otherwise,
 * as the step itself would answer) and the scan an accepted one of this purpose (400 on `field`).
 */
export async function requireAcceptedScan(
  principal: Principal,
  nominationId: string,
  scanId: string,
  purpose: ScanPurpose,
  field = 'scanId',
): Promise<ScanItem> {
  const n = await readNomination(principal, nominationId);
  const scan = await acceptedScan(nominationId, scanId, purpose);
  if (!scan) {
    const opinions = opinionsOf(await getCampaign(n.campaignId));
    throw new ValidationError(
      `盖章扫描件无效：请先上传${scanPurposeLabel(purpose, opinions)}，待检查通过后再填写`,
      field,
      'scan_not_accepted',
    );
  }
  return scan;
}
