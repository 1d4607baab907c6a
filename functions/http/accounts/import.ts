/**
 * POST /api/accounts/import — units from a "地区,单位名称" list, as CSV text (`csv`) or an .xlsx
 * file in base64 (`xlsx`, its first worksheet); all rows checked before any is created.
 */

import { importUnits } from '#lib/account-admin';
import { httpRoute } from '#lib/http';
import { xlsxRows } from '#lib/xlsx-rows';
import { csvRows } from '#shared/unit-list';
import { importUnitsBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'importUnits',
  { body: importUnitsBody },
  async ({ principal, body, change }) => {
    const rows =
      body.xlsx !== undefined ? xlsxRows(Buffer.from(body.xlsx, 'base64')) : csvRows(body.csv ?? '');
    return { statusCode: 201, body: { issued: await importUnits(principal, rows, change) } };
  },
);
