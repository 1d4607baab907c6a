/**
 * The OpenAPI 3.1 document, generated from the route table and the same zod schemas the
 * handlers parse with, so the description cannot drift from what the API enforces.
 */
import { toJSONSchema, type ZodMiniType } from 'zod/mini';
import { createNominationBody, loginBody, patchNominationBody, photoUploadBody } from '#shared/api';
import * as b from '#shared/workflow-bodies';
import { routes } from '../routes.ts';

const BODIES: Record<string, ZodMiniType> = {
  login: loginBody,
  createNomination: createNominationBody,
  updateNomination: patchNominationBody,
  requestPhotoUpload: photoUploadBody,
  recordUnitRecommendation: b.unitRecommendationBody,
  startUnitPublicity: b.startUnitPublicityBody,
  closeUnitPublicity: b.closeUnitPublicityBody,
  withdraw: b.reasonBody,
  recordPoliticalReview: b.politicalReviewBody,
  recordOpinion: b.opinionBody,
  returnToUnit: b.reasonBody,
  decline: b.reasonBody,
  saveCountyReport: b.countyReportBody,
  returnToCounty: b.reasonBody,
  recordVote: b.voteBody,
  saveMeeting: b.meetingBody,
  updateSettings: b.campaignSettingsBody,
  saveHolidayNotice: b.holidayNoticeBody,
  startCityPublicity: b.cityPublicityBody,
  resolveCase: b.resolveCaseBody,
  fileObjection: b.objectionBody,
  issueAccount: b.issueAccountBody,
  importUnits: b.importUnitsBody,
  setQuotas: b.quotasBody,
  requestExport: b.exportRequestBody,
};

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'stable machine-readable code' },
        message: { type: 'string', description: 'zh-CN, for the user' },
        field: { type: 'string', description: 'the request field at fault, when there is one' },
      },
    },
  },
};

let doc: object | undefined;

export function openApiDocument(): object {
  doc ??= build();
  return doc;
}

function build(): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const body = BODIES[r.id];
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      operationId: r.id,
      summary: r.summary,
      ...(r.access === 'public' ? { security: [] } : { 'x-roles': r.access }),
      ...(params.length ? { parameters: params } : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJSONSchema(body, { io: 'input' }) } },
            },
          }
        : {}),
      responses: {
        '200': { description: 'OK' },
        '4XX': {
          description: '客户端错误',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: '评选 Pingxuan API', version: '1' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
