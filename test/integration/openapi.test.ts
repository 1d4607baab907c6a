/**
 * The OpenAPI document an integrator generates a client from: every operation says what it
 * answers on success, every route that reads query parameters lists them, and the document passes
 * Redocly's linter (the recommended rules, redocly.yaml). The answers themselves are held to it by
 * the request helpers (test/support/contract.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.ts';
import { newCampaign } from '../support/campaigns.ts';
import { contractProblem } from '../support/contract.ts';
import { ok, submitted } from '../support/process.ts';
import { api } from '../support/stack.ts';

const root = join(import.meta.dirname, '..', '..');
type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean; schema: object }[];
  responses: Record<string, { content?: object; $ref?: string; description?: string }>;
};

async function documentOperations(): Promise<{ doc: any; operations: Operation[] }> {
  const doc = (await api('GET', '/api/openapi.json')).body;
  const operations = Object.values(doc.paths as Record<string, Record<string, Operation>>).flatMap((p) =>
    Object.values(p),
  );
  return { doc, operations };
}

/** The handler modules (functions/http/**) that read the query string, by route id. */
function handlersReadingQuery(): string[] {
  const dir = join(root, 'functions', 'http');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const reading = files
    .filter((f) => /\bquery\b|queryStringParameters/.test(readFileSync(join(dir, f), 'utf8')))
    .map((f) => `http/${f.replace(/\.ts$/, '')}`);
  return routes.filter((r) => reading.includes(r.handler)).map((r) => r.id);
}

describe('the OpenAPI document', () => {
  it('describes a success answer with its content (or a stated no-content) for every operation', async () => {
    const { operations } = await documentOperations();
    expect(operations.length).toBe(routes.length);
    for (const op of operations) {
      const success = Object.entries(op.responses).filter(([status]) => /^[23]\d\d$/.test(status));
      expect(success.length, `${op.operationId} declares no 2xx/3xx answer`).toBeGreaterThan(0);
      for (const [status, answer] of success) {
        if (status === '204') expect(answer.content, `${op.operationId} 204 with content`).toBeUndefined();
        else expect(answer.content, `${op.operationId} ${status} without content`).toBeDefined();
      }
      // and the shared error body for its error statuses
      expect(Object.keys(op.responses), op.operationId).toEqual(
        expect.arrayContaining(['400', '500', '503']),
      );
    }
  });

  it('lists as query parameters everything a handler reads from the query string', async () => {
    const { doc } = await documentOperations();
    const reading = handlersReadingQuery();
    expect(reading).toContain('listNominations');
    for (const r of routes) {
      const op: Operation = doc.paths[r.path][r.method.toLowerCase()];
      const inQuery = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (reading.includes(r.id)) {
        expect(
          r.query,
          `${r.id} reads the query string without a query schema in the route table`,
        ).toBeDefined();
        expect(inQuery.length, `${r.id}: no query parameters in the document`).toBeGreaterThan(0);
      } else {
        expect(inQuery, `${r.id} lists query parameters its handler does not read`).toEqual([]);
      }
    }
    const list = doc.paths['/api/nominations'].get.parameters;
    expect(list.map((p: { name: string }) => p.name)).toEqual([
      'limit',
      'cursor',
      'region',
      'status',
      'category',
      'unit',
    ]);
    expect(list.find((p: { name: string }) => p.name === 'status').schema.enum).toContain('draft');
  });

  it('passes Redocly’s linter with the recommended rules, without errors or warnings', async () => {
    const { doc } = await documentOperations();
    const dir = mkdtempSync(join(tmpdir(), 'pingxuan-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const lint = spawnSync(
        process.execPath,
        [
          join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
          'lint',
          file,
          '--config',
          join(root, 'redocly.yaml'),
        ],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
          // nothing leaves the machine: no usage report, no update check
          env: {
            ...process.env,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
            NO_COLOR: '1',
          },
        },
      );
      const output = `${lint.stdout}\n${lint.stderr}`;
      expect(lint.status, output).toBe(0);
      expect(output, output).toMatch(/Your API description is valid/);
      expect(output, output).not.toMatch(/You have \d+ warnings?/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds answers to it: a body that drifts from its schema is named by route and path', () => {
    expect(
      contractProblem('GET', '/api/health', 200, { status: 'ok', time: '2026-12-06T00:00:00Z' }),
    ).toBeNull();
    expect(contractProblem('GET', '/api/health', 200, { status: 'ok' })).toMatch(
      /^health \(GET \/api\/health\) answered 200 .* not Health: at time:/,
    );
    expect(contractProblem('GET', '/api/nominations?limit=1', 200, { items: [{ id: 1 }] })).toMatch(
      /listNominations .* not NominationPage: at items\.0\.id:/,
    );
    expect(contractProblem('GET', '/api/me', 201, {})).toMatch(/declares 200/);
    expect(contractProblem('GET', '/api/health', 401, { error: { code: 'x', message: 'y' } })).toMatch(
      /no such error status/,
    );
    expect(contractProblem('GET', '/api/me', 401, { error: { code: 'x' } })).toMatch(
      /not Error: at error\.message/,
    );
    expect(contractProblem('GET', '/api/unknown', 404, 'anything')).toBeNull();
  });

  // the one step no other suite takes to success: its answer is held to the document as well
  it('holds a county’s decline to the declared nomination schema', async () => {
    const t = await newCampaign();
    const id = await submitted(t, 'collective', '不予推荐的集体');
    const declined = await ok(
      api('POST', `/api/nominations/${id}/decline`, { token: t.tokens.county, body: { reason: '材料不全' } }),
    );
    expect(declined.status).toBe('not_recommended');
  });
});
