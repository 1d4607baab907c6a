/**
 * Which address a request is counted by: behind CloudFront the viewer's, believed only with
 * the origin secret; otherwise (and locally) the socket's.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientAddressWith } from '#lib/client-address';

const SECRET = 'origin-secret-generated-at-deploy-time-0123456789';
const EDGE = '130.176.1.20';

const event = (headers: Record<string, string>, sourceIp = EDGE) =>
  ({ headers, requestContext: { http: { sourceIp } } }) as unknown as APIGatewayProxyEventV2;

describe('the client address', () => {
  it('is the viewer CloudFront names, when CloudFront’s secret comes with it', () => {
    const via = { 'x-origin-verify': SECRET, 'cloudfront-viewer-address': '203.0.113.7:51234' };
    expect(clientAddressWith(event(via), SECRET)).toBe('203.0.113.7');
    expect(
      clientAddressWith(
        event({ ...via, 'cloudfront-viewer-address': '2001:db8:85a3::8a2e:370:7334:443' }),
        SECRET,
      ),
    ).toBe('2001:db8:85a3::8a2e:370:7334');
  });

  it('falls back to the X-Forwarded-For entry CloudFront appended, never what the client sent before it', () => {
    const h = { 'x-origin-verify': SECRET, 'x-forwarded-for': '1.1.1.1, 203.0.113.7' };
    expect(clientAddressWith(event(h), SECRET)).toBe('203.0.113.7');
    // API Gateway appending the edge's own address changes nothing
    expect(
      clientAddressWith(event({ ...h, 'x-forwarded-for': `1.1.1.1, 203.0.113.7, ${EDGE}` }), SECRET),
    ).toBe('203.0.113.7');
  });

  it('is the socket’s for a request without the secret, or with a wrong one, whatever headers it carries', () => {
    const forged = { 'cloudfront-viewer-address': '198.51.100.1:1', 'x-forwarded-for': '198.51.100.1' };
    expect(clientAddressWith(event(forged, '192.0.2.9'), SECRET)).toBe('192.0.2.9');
    expect(clientAddressWith(event({ ...forged, 'x-origin-verify': 'guess' }, '192.0.2.9'), SECRET)).toBe(
      '192.0.2.9',
    );
    expect(clientAddressWith(event({ ...forged, 'x-origin-verify': SECRET }, '192.0.2.9'), undefined)).toBe(
      '192.0.2.9',
    );
  });

  it('is the socket’s locally, where no origin secret is configured', async () => {
    delete process.env.ORIGIN_SECRET_ARN;
    const forged = { 'x-origin-verify': SECRET, 'cloudfront-viewer-address': '198.51.100.1:1' };
    expect(await clientAddress(event(forged, '127.0.0.5'))).toBe('127.0.0.5');
  });
});
