/**
 * What the functions print: the redaction every log line passes through, and its terminal form
 * in the local runtime.
 */
import { describe, expect, it } from 'vitest';
import { redact, redactText } from '#lib/log-redaction';
import { prettyLine } from '../../infra/local/log-view.ts';

const ID = '41090219850615123X';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMUhNQiJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('log redaction', () => {
  it('removes ID numbers, mobile numbers, access codes and tokens from any text', () => {
    const text = `身份证 ${ID} 电话 13903930001 或 +86 13812345678 登录码 PK9V-9SXT-47VA Bearer ${JWT}`;
    const out = redactText(text);
    for (const secret of [ID, '13903930001', '13812345678', 'PK9V-9SXT-47VA', JWT])
      expect(out).not.toContain(secret);
    expect(out).toBe('身份证 [id-number] 电话 [phone] 或 [phone] 登录码 [code] [token]');
  });

  it('leaves request ids, ULIDs, times and sizes alone', () => {
    const text =
      'request 8c39de02-1a2b-4c3d-9e8f-92f6349a2b0b nomination 01HMB7Z4Q1PYCZ2024YKT00002 at 1796532731342 bytes 4821130 0393-4412345';
    expect(redactText(text)).toBe(text);
  });

  it('removes secrets by key, inside nested values and errors, whatever their form', () => {
    const error = new Error(`bad id ${ID}`);
    const out = redact({
      route: 'login',
      authorization: 'Bearer x',
      form: { idNumber: 'anything', phone: '0393-4412345', name: '李建国' },
      list: [{ token: 'abc' }],
      code: 'ABCDEFGHJKMN',
      error,
    }) as Record<string, any>;
    expect(out).toMatchObject({
      route: 'login',
      authorization: '[redacted]',
      form: { idNumber: '[redacted]', phone: '[redacted]', name: '李建国' },
      list: [{ token: '[redacted]' }],
      code: '[code]',
    });
    expect(out.error.message).toBe('bad id [id-number]');
    expect(out.error.stack).not.toContain(ID);
  });
});

describe('the local runtime’s terminal form', () => {
  it('shows an access line compactly, with the caller and no noise', () => {
    const line = JSON.stringify({
      level: 'INFO',
      message: 'request',
      timestamp: '2026-12-06T04:52:13.332Z',
      service: 'pingxuan',
      function_name: 'me',
      function_request_id: 'x',
      cold_start: true,
      correlation_id: 'c-1',
      route: 'me',
      status: 200,
      duration_ms: 35,
      role: 'city',
      account_id: '01M94V3K73F30S7D0CPGHHSTYR',
    });
    expect(prettyLine(line)).toBe(
      '04:52:13.332 INFO  request me 200 35ms function_name=me correlation_id=c-1 role=city account_id=01M94V3K73F30S7D0CPGHHSTYR (cold)',
    );
  });

  it('shows an error with its stack, metrics as name=value, and other text as it is', () => {
    const error = JSON.stringify({
      level: 'ERROR',
      message: 'invocation failed',
      timestamp: '2026-12-06T04:52:13.332Z',
      error: { name: 'Error', message: 'boom', stack: 'Error: boom\n    at x' },
    });
    expect(prettyLine(error)).toBe('04:52:13.332 ERROR invocation failed\nError: boom\n    at x');
    const metric = JSON.stringify({
      _aws: {
        Timestamp: Date.parse('2026-12-06T04:52:11.342Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'Pingxuan',
            Dimensions: [['service', 'reason']],
            Metrics: [{ Name: 'PhotoVerdicts', Unit: 'Count' }],
          },
        ],
      },
      service: 'pingxuan',
      reason: 'too_small',
      PhotoVerdicts: 1,
    });
    expect(prettyLine(metric)).toBe('04:52:11.342 METRIC PhotoVerdicts=1 reason=too_small');
    expect(prettyLine('评选 Pingxuan 已启动')).toBe('评选 Pingxuan 已启动');
  });
});
