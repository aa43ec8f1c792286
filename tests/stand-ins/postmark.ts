import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Postmark's `POST /email`
 * (https://postmarkapp.com/developer/api/email-api). It checks each request
 * against the documentation and against our privacy rules (tracking off),
 * records it, and answers as Postmark does — or with the failure a test asked for.
 * A request that breaks the rules gets a 400 and lands in `violations`:
 * tests assert that list is empty.
 */

export type StandInAnswer = 'ok' | 'inactive-recipient' | 'invalid-address' | 'rate-limited' | 'invalid-token' | 'server-error' | 'outage' | 'slow';

export interface ReceivedEmail {
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** Set when the stand-in accepted the message. */
  messageId?: string;
}

export interface PostmarkStandIn {
  /** "127.0.0.1:PORT", for the client's `requestHost` (with `useHttps: false`). */
  host: string;
  requests: ReceivedEmail[];
  violations: string[];
  /** Queues answers for the next requests; afterwards every request succeeds. */
  answerNextWith(...answers: StandInAnswer[]): void;
  close(): Promise<void>;
}

const REQUIRED_TEXT_FIELDS = ['From', 'To', 'Subject', 'HtmlBody', 'TextBody', 'MessageStream'];

const FAILURES: Record<Exclude<StandInAnswer, 'ok' | 'outage' | 'slow'>, { status: number; body: object }> = {
  'inactive-recipient': {
    status: 422,
    body: {
      ErrorCode: 406,
      Message:
        'You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: gone@example.org. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.',
    },
  },
  'invalid-address': { status: 422, body: { ErrorCode: 300, Message: "Invalid 'To' address: 'not an address'." } },
  'rate-limited': { status: 429, body: { ErrorCode: 429, Message: 'Rate limit exceeded.' } },
  'invalid-token': { status: 401, body: { ErrorCode: 10, Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.' } },
  'server-error': { status: 500, body: { ErrorCode: 0, Message: 'Internal server error.' } },
};

function problemsWith(request: http.IncomingMessage, rawBody: string, token: string): { problems: string[]; body: Record<string, unknown> } {
  const problems: string[] = [];
  if (request.method !== 'POST' || request.url !== '/email') problems.push(`expected POST /email, got ${request.method} ${request.url}`);
  if (request.headers['x-postmark-server-token'] !== token) problems.push('X-Postmark-Server-Token is not the configured token');
  if (request.headers.accept !== 'application/json') problems.push(`Accept must be application/json, got ${request.headers.accept}`);
  if (!request.headers['content-type']?.startsWith('application/json')) problems.push(`Content-Type must be application/json, got ${request.headers['content-type']}`);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
  } catch {
    problems.push('the body is not JSON');
  }
  for (const field of REQUIRED_TEXT_FIELDS) {
    if (typeof body[field] !== 'string' || body[field] === '') problems.push(`${field} must be a non-empty string`);
  }
  if (body.TrackOpens !== false) problems.push('TrackOpens must be false');
  if (body.TrackLinks !== 'None') problems.push('TrackLinks must be "None"');
  if (body.Tag !== undefined && (typeof body.Tag !== 'string' || body.Tag.length > 1000)) problems.push('Tag must be a string of at most 1000 characters');
  if (body.Metadata !== undefined && !isStringMap(body.Metadata)) problems.push('Metadata must map strings to strings');
  return { problems, body };
}

function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof entry === 'string');
}

function answerJson(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startPostmarkStandIn(options: { token: string; slowAnswerMs?: number }): Promise<PostmarkStandIn> {
  const requests: ReceivedEmail[] = [];
  const violations: string[] = [];
  const queued: StandInAnswer[] = [];
  const slowAnswers = new Set<NodeJS.Timeout>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { problems, body } = problemsWith(request, Buffer.concat(chunks).toString('utf8'), options.token);
      const received: ReceivedEmail = { headers: request.headers, body };
      requests.push(received);
      if (problems.length > 0) {
        violations.push(...problems);
        answerJson(response, 400, { ErrorCode: 402, Message: `Stand-in refused the request: ${problems.join('; ')}` });
        return;
      }
      const answer = queued.shift() ?? 'ok';
      if (answer === 'outage') {
        request.socket.destroy();
        return;
      }
      const accept = () => {
        received.messageId = randomUUID();
        answerJson(response, 200, { To: body.To, SubmittedAt: new Date().toISOString(), MessageID: received.messageId, ErrorCode: 0, Message: 'OK' });
      };
      if (answer === 'slow') {
        const timer = setTimeout(() => {
          slowAnswers.delete(timer);
          accept();
        }, options.slowAnswerMs ?? 2_000);
        slowAnswers.add(timer);
      } else if (answer === 'ok') accept();
      else answerJson(response, FAILURES[answer].status, FAILURES[answer].body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    requests,
    violations,
    answerNextWith: (...answers) => queued.push(...answers),
    close: () =>
      new Promise((resolve, reject) => {
        // A slow answer may still be pending: its client has long given up.
        for (const timer of slowAnswers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
