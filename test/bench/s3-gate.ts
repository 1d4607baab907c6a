/**
 * `npm run bench:s3-gate`: what the local S3 gate costs. Starts the local stack and times, one
 * request after another, a presigned GET of a 100 KB object through the gate (signature checked)
 * against the same GET straight to the emulator's loopback port, and a presigned POST of a
 * 100 KB photo through the gate (policy and every condition checked, body buffered) against the
 * same POST to the emulator. Prints medians and p95 in milliseconds.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startLocalStack } from '../support/local-stack.ts';

const ROUNDS = 200;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const client = (endpoint: string) =>
  new S3Client({ endpoint, region: 'cn-north-1', credentials, forcePathStyle: true });

async function timed(label: string, run: () => Promise<number>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const status = await run();
    times.push(performance.now() - t);
    if (status >= 300) throw new Error(`${label}: HTTP ${status}`);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.floor(q * (times.length - 1))] as number).toFixed(2);
  console.log(`${label.padEnd(34)} median ${at(0.5)} ms, p95 ${at(0.95)} ms (${ROUNDS} requests)`);
}

const { stack, stop } = await startLocalStack();
try {
  const body = new Uint8Array(100 * 1024).fill(7);
  const key = 'bench/object.bin';
  await client(stack.s3Endpoint).send(
    new PutObjectCommand({ Bucket: stack.buckets.exports, Key: key, Body: body }),
  );
  for (const [label, endpoint] of [
    ['GET 100 KB, straight to s3rver', stack.s3Endpoint],
    ['GET 100 KB, through the gate', `${stack.baseUrl}/s3`],
  ] as const) {
    const url = await getSignedUrl(
      client(endpoint),
      new GetObjectCommand({ Bucket: stack.buckets.exports, Key: key }),
      { expiresIn: 600 },
    );
    await timed(label, async () => {
      const r = await fetch(url);
      await r.arrayBuffer();
      return r.status;
    });
  }
  for (const [label, endpoint] of [
    ['POST 100 KB, straight to s3rver', stack.s3Endpoint],
    ['POST 100 KB, through the gate', `${stack.baseUrl}/s3`],
  ] as const) {
    // the exports bucket: no processor runs on these objects
    const upload = await createPresignedPost(client(endpoint), {
      Bucket: stack.buckets.exports,
      Key: 'bench/upload.jpg',
      Conditions: [
        ['content-length-range', 1, 15 * 1024 * 1024],
        ['eq', '$Content-Type', 'image/jpeg'],
      ],
      Fields: { 'Content-Type': 'image/jpeg' },
      Expires: 600,
    });
    await timed(label, async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
      form.append('file', new Blob([body], { type: 'image/jpeg' }));
      const r = await fetch(upload.url, { method: 'POST', body: form });
      await r.arrayBuffer();
      return r.status;
    });
  }
} finally {
  await stop();
}
