/**
 * Where the embedded stack lives: its table and bucket names, and the emulators' ports (the same
 * settings `npm start` reads). The local runtime and the tools that talk to a running stack
 * (`npm run audit:verify -- --local`) take them from here, so they always meet.
 */
import { LOCAL_CREDENTIALS } from './emulators.ts';

export const LOCAL_NAMES = {
  table: 'pingxuan',
  uploads: 'pingxuan-uploads',
  records: 'pingxuan-records',
  exports: 'pingxuan-exports',
} as const;

/** The emulators' ports: DYNAMODB_PORT (8000) and S3_PORT (4569). */
export function localPorts(env: NodeJS.ProcessEnv = process.env) {
  return { dynamo: Number(env.DYNAMODB_PORT ?? 8000), s3: Number(env.S3_PORT ?? 4569) };
}

/** The environment the handlers read (the AWS SDK's endpoints, the table and buckets) for the local stack. */
export function localDataEnvironment(endpoints: { dynamo: string; s3: string }) {
  return {
    ...LOCAL_CREDENTIALS,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    TABLE_NAME: LOCAL_NAMES.table,
    UPLOADS_BUCKET: LOCAL_NAMES.uploads,
    RECORDS_BUCKET: LOCAL_NAMES.records,
    EXPORTS_BUCKET: LOCAL_NAMES.exports,
  };
}
