/**
 * The response contract: every answer an integration test receives from a route of the table is
 * held to what the OpenAPI document declares for that route and status (lib/api-responses.ts for
 * success, the shared error body for the error statuses lib/openapi.ts gives the route). The
 * request helpers (stack.ts `api`/`callFrom`, security.ts `send`) call it, so every suite checks it.
 *
 * With PINGXUAN_CONTRACT_LOG set to a file, each checked answer appends `routeId status` to it
 * (the README's figures of how many answers and operations the check covered).
 */
import { appendFileSync } from 'node:fs';
import type * as z from 'zod/mini';
import { errorBody } from '#lib/api-responses';
import { errorStatuses, schemaName } from '#lib/openapi';
import { type HttpRoute, routes } from '../../functions/routes.ts';

const matchers = routes.map((route) => ({
  route,
  path: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/** The route a request reaches, if any (an unknown path or method is the local runtime's own 404/405). */
export function routeOf(method: string, path: string): HttpRoute | undefined {
  const pathname = new URL(path, 'http://x').pathname;
  return matchers.find((m) => m.route.method === method.toUpperCase() && m.path.test(pathname))?.route;
}

/** What is wrong with an answer against the document, or null when it keeps the contract. */
export function contractProblem(method: string, path: string, status: number, body: unknown): string | null {
  const route = routeOf(method, path);
  if (!route) return null;
  const where = `${route.id} (${method.toUpperCase()} ${path.split('?')[0]}) answered ${status}`;
  let schema: z.ZodMiniType | null | undefined;
  if (status < 400) {
    schema = route.responses[status as keyof HttpRoute['responses']];
    if (schema === undefined)
      return `${where}; the document declares ${Object.keys(route.responses).join(', ')}`;
    if (schema === null)
      return body === undefined ? null : `${where} with a body; the document declares none`;
  } else {
    if (!errorStatuses(route).includes(status as never))
      return `${where}; the document declares no such error status (${errorStatuses(route).join(', ')})`;
    schema = errorBody;
  }
  if (process.env.PINGXUAN_CONTRACT_LOG)
    appendFileSync(process.env.PINGXUAN_CONTRACT_LOG, `${route.id} ${status}\n`);
  const result = schema.safeParse(body);
  if (result.success) return null;
  const issue = result.error.issues[0];
  const at = issue?.path.length ? issue.path.join('.') : '(the whole body)';
  return `${where} with a body that is not ${schemaName(schema)}: at ${at}: ${issue?.message} (${issue?.code})`;
}

/** Throw when an answer breaks the contract, naming the route and the path in the body. */
export function checkContract(method: string, path: string, status: number, body: unknown): void {
  const problem = contractProblem(method, path, status, body);
  if (problem) throw new Error(`response contract: ${problem}`);
}
