/**
 * The functions print JSON lines (Powertools logger and metrics), in the cloud and locally alike.
 * In a terminal the local runtime shows each as one compact line instead
 * (`10:32:07.118 INFO  request login 200 35ms role=unit …`, errors with their stack, metrics as
 * `name=value`); piped to a file or a test, the JSON goes out untouched.
 */

/** Keys that every line has or that say nothing to a person at a terminal. */
const QUIET = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'function_request_id',
  'xray_trace_id',
  'cold_start',
  'sampling_rate',
  'error',
]);

const COLOURS: Record<string, string> = { ERROR: '31', CRITICAL: '31', WARN: '33', DEBUG: '2', TRACE: '2' };

/** One printed line in its terminal form; anything that is not a JSON object stays as it is. */
export function prettyLine(line: string, colour = false): string {
  if (!line.startsWith('{')) return line;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const paint = (code: string | undefined, text: string) =>
    colour && code ? `\x1b[${code}m${text}\x1b[0m` : text;
  const aws = record._aws as
    | { Timestamp?: number; CloudWatchMetrics?: { Metrics?: { Name: string }[] }[] }
    | undefined;
  if (aws) {
    const names = (aws.CloudWatchMetrics ?? []).flatMap((m) => (m.Metrics ?? []).map((x) => x.Name));
    const dims = Object.entries(record)
      .filter(([k, v]) => k !== '_aws' && k !== 'service' && !names.includes(k) && typeof v === 'string')
      .map(([k, v]) => `${k}=${v}`);
    const values = names.map((n) => `${n}=${JSON.stringify(record[n])}`);
    return `${clock(aws.Timestamp)} ${paint('36', 'METRIC')} ${[...values, ...dims].join(' ')}`;
  }
  if (typeof record.level !== 'string' || !('message' in record)) return line;
  const level = record.level.toUpperCase();
  const parts = [clock(record.timestamp), paint(COLOURS[level], level.padEnd(5)), String(record.message)];
  if (record.message === 'request') {
    // the access line: route, status and duration first
    parts.push(String(record.route), String(record.status), `${record.duration_ms}ms`);
  }
  for (const [k, v] of Object.entries(record)) {
    if (QUIET.has(k) || v === undefined || v === null) continue;
    if (record.message === 'request' && (k === 'route' || k === 'status' || k === 'duration_ms')) continue;
    parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  if (record.cold_start === true) parts.push(paint('2', '(cold)'));
  const error = record.error as { stack?: string; message?: string } | undefined;
  const detail = error ? `\n${paint('31', error.stack ?? error.message ?? JSON.stringify(error))}` : '';
  return parts.join(' ') + detail;
}

function clock(at: unknown): string {
  const d = typeof at === 'number' || typeof at === 'string' ? new Date(at) : new Date();
  return Number.isNaN(d.getTime()) ? '--:--:--.---' : d.toISOString().slice(11, 23);
}

/** When stdout is a terminal, show every JSON line written to stdout and stderr in its compact form. */
export function prettyLogsInTerminal(): void {
  if (!process.stdout.isTTY) return;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'string' || !chunk.startsWith('{')) return write(chunk, ...rest);
      const text = chunk
        .split('\n')
        .map((l) => prettyLine(l, true))
        .join('\n');
      return write(text, ...rest);
    }) as typeof stream.write;
  }
}
