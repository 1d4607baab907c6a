/** POST /api/accounts/import — units from a "地区,单位名称" list; all lines checked before any is created. */

import { importUnits } from '#lib/account-admin';
import { httpRoute } from '#lib/http';
import { importUnitsBody } from '#shared/workflow-bodies';

export const handler = httpRoute(
  'importUnits',
  { body: importUnitsBody },
  async ({ principal, body, change }) => {
    // Commas (also full-width), tabs or semicolons separate the two cells; quotes around a cell are dropped.
    const rows = body.csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((line) => line.split(/[,，\t;；]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')));
    return { statusCode: 201, body: { issued: await importUnits(principal, rows, change) } };
  },
);
