import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Postmark's server API: `POST /email` and `POST /email/batch`
 * (https://postmarkapp.com/developer/api/email-api), the Outbound Messages search
 * (paged, by date) and details with their MessageEvents (messages-api),
 * `GET /bounces` and `GET /bounces/{id}` (bounce-api), a stream's
 * suppression dump and removals (suppressions-api) and `GET /server` (server-api). It checks each request
 * against the documentation and against our privacy rules (tracking off),
 * records it, and answers as Postmark does — or with the failure a test asked for.
 * A request that breaks the rules gets a 400 and lands in `violations`:
 * tests assert that list is empty.
 */

export type StandInAnswer =
  | 'ok'
  | 'inactive-recipient'
  | 'invalid-address'
  | 'rate-limited'
  | 'invalid-token'
  | 'server-error'
  | 'outage'
  | 'slow'
  /** Takes the messages, then the connection drops before the answer: the sender cannot know. */
  | 'accepted-then-outage';

/** A message Postmark took: what the search and the bounce list know of it. */
export interface AcceptedMessage {
  messageId: string;
  to: string;
  stream: string;
  tag: string | undefined;
  metadata: Record<string, string>;
  subject: string;
  html: string;
  text: string;
  receivedAt: Date;
}

export interface StandInBounce {
  ID: number;
  Type: string;
  TypeCode: number;
  MessageID: string;
  Email: string;
  BouncedAt: string;
  MessageStream: string;
  Description: string;
  Details: string;
}

/** "2026-11-20T09:28:10.123-05:00": the API's times are US Eastern; the stand-in keeps standard time (UTC-5). */
export function easternTime(date: Date): string {
  return `${new Date(date.getTime() - 5 * 3_600_000).toISOString().slice(0, -1)}-05:00`;
}

/** One MessageEvents entry of a message's details, as the Messages API shows it. */
export interface StandInMessageEvent {
  Recipient: string;
  Type: 'Delivered' | 'Bounced' | 'SubscriptionChanged' | 'Opened' | 'Transient';
  /** API time: US Eastern, with its offset. */
  ReceivedAt: string;
  Details: Record<string, string>;
}

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
  /** Queues answers for the next sending requests (POST /email, /email/batch) and GET /server; afterwards every request succeeds. */
  answerNextWith(...answers: StandInAnswer[]): void;
  /** Every message taken, from /email and /email/batch alike. */
  accepted: AcceptedMessage[];
  /** When each GET /server (the reachability question) arrived. */
  serverChecks: Date[];
  /** Addresses Postmark holds inactive: a batch answers ErrorCode 406 for their messages. */
  inactive: Set<string>;
  /** The suppression dump's entries, by stream. */
  suppressions: { stream: string; email: string; reason: 'HardBounce' | 'SpamComplaint' | 'ManualSuppression' }[];
  /** Records a bounce (or spam complaint) of a message taken earlier, as the Bounces API will list it; returns its ID. */
  bounce(messageId: string, type: string, typeCode: number, at?: Date): number;
  /** The receiving server accepted a message taken earlier: a Delivered event in its details. */
  deliver(messageId: string, options?: { at?: Date; server?: string; answer?: string }): void;
  /** The message's address was suppressed (or reactivated) on its stream: a SubscriptionChanged event in its details. */
  changeSubscription(messageId: string, suppress: boolean, reason: string | null, at?: Date): void;
  /** Every read (search, details, bounces) answers this until set back to 'ok'. */
  answerReadsWith(answer: 'ok' | 'outage' | 'server-error' | 'invalid-token'): void;
  /** Requests to the read endpoints, in order: path and query. */
  reads: string[];
  close(): Promise<void>;
}

const REQUIRED_TEXT_FIELDS = ['From', 'To', 'Subject', 'HtmlBody', 'TextBody', 'MessageStream'];
/** Documented limit of POST /email/batch. */
const BATCH_LIMIT = 500;
/** Documented limit of the Outbound Messages search and the Bounces API. */
const PAGE_LIMIT = 500;

const FAILURES: Record<Exclude<StandInAnswer, 'ok' | 'outage' | 'slow' | 'accepted-then-outage'>, { status: number; body: object }> = {
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

function headerProblems(request: http.IncomingMessage, token: string, withBody: boolean): string[] {
  const problems: string[] = [];
  if (request.headers['x-postmark-server-token'] !== token) problems.push('X-Postmark-Server-Token is not the configured token');
  if (request.headers.accept !== 'application/json') problems.push(`Accept must be application/json, got ${request.headers.accept}`);
  if (withBody && !request.headers['content-type']?.startsWith('application/json')) problems.push(`Content-Type must be application/json, got ${request.headers['content-type']}`);
  return problems;
}

function parseJson(rawBody: string, problems: string[]): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    problems.push('the body is not JSON');
    return {};
  }
}

function problemsWith(request: http.IncomingMessage, rawBody: string, token: string, tracking?: ExpectedTracking): { problems: string[]; body: Record<string, unknown> } {
  const problems = headerProblems(request, token, true);
  const body = parseJson(rawBody, problems) as Record<string, unknown>;
  return { problems: [...problems, ...messageProblems(body, tracking)], body };
}

/** The tracking a message must ask for: none, unless a test configured the community to turn it on. */
export interface ExpectedTracking {
  opens: boolean;
  links: string;
}
const NO_TRACKING: ExpectedTracking = { opens: false, links: 'None' };

function messageProblems(body: Record<string, unknown>, tracking: ExpectedTracking = NO_TRACKING): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED_TEXT_FIELDS) {
    if (typeof body[field] !== 'string' || body[field] === '') problems.push(`${field} must be a non-empty string`);
  }
  if (body.TrackOpens !== tracking.opens) problems.push(`TrackOpens must be ${tracking.opens}`);
  if (body.TrackLinks !== tracking.links) problems.push(`TrackLinks must be "${tracking.links}"`);
  if (body.Tag !== undefined && (typeof body.Tag !== 'string' || body.Tag.length > 1000)) problems.push('Tag must be a string of at most 1000 characters');
  if (body.Metadata !== undefined && !isStringMap(body.Metadata)) problems.push('Metadata must map strings to strings');
  // Postmark refuses a broadcast without an unsubscribe link unless it appends its own; ours carry the placeholder.
  if (body.MessageStream === 'broadcast') {
    for (const part of ['HtmlBody', 'TextBody']) if (!String(body[part]).includes('{{{ pm:unsubscribe }}}')) problems.push(`${part} of a broadcast must hold the {{{ pm:unsubscribe }}} placeholder`);
  }
  return problems;
}

function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof entry === 'string');
}

function answerJson(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function toAccepted(body: Record<string, unknown>, messageId: string): AcceptedMessage {
  return {
    messageId,
    to: String(body.To),
    stream: String(body.MessageStream),
    tag: typeof body.Tag === 'string' ? body.Tag : undefined,
    metadata: (body.Metadata as Record<string, string> | undefined) ?? {},
    subject: String(body.Subject),
    html: String(body.HtmlBody),
    text: String(body.TextBody),
    receivedAt: new Date(),
  };
}

/** Query parameters by lower-cased name: Postmark reads them without regard to case (the client sends `messageStream`, the docs `messagestream`). */
function queryOf(url: URL): Map<string, string> {
  return new Map([...url.searchParams].map(([key, value]) => [key.toLowerCase(), value]));
}

/** count and offset are required, count ≤ 500, count + offset ≤ 10,000. */
function pagingProblems(query: Map<string, string>): string[] {
  const count = Number(query.get('count'));
  const offset = Number(query.get('offset'));
  const problems: string[] = [];
  if (!Number.isInteger(count) || count < 1 || count > PAGE_LIMIT) problems.push(`count must be 1–${PAGE_LIMIT}, got ${query.get('count')}`);
  if (!Number.isInteger(offset) || offset < 0) problems.push(`offset is required, got ${query.get('offset')}`);
  if (count + offset > 10_000) problems.push('count + offset cannot exceed 10,000');
  return problems;
}

/** The API's times: Eastern, without an offset in filters (e.g. 2026-11-20T09:30:00). */
function easternFilter(value: string | undefined, problems: string[]): number | null {
  if (value === undefined) return null;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/.test(value)) {
    problems.push(`dates must look like 2026-11-20T09:30:00, got ${value}`);
    return null;
  }
  // Eastern time is UTC-5 or UTC-4; the stand-in reads it as UTC-5 and widens by an hour so no boundary event is lost.
  return Date.parse(`${value.length === 10 ? `${value}T00:00:00` : value}-05:00`);
}

export async function startPostmarkStandIn(options: {
  token: string;
  slowAnswerMs?: number;
  batchDelayMs?: () => number;
  onBatch?: () => void;
  /** What the community configured; by default every message must turn tracking off. */
  tracking?: ExpectedTracking;
  port?: number;
}): Promise<PostmarkStandIn> {
  const requests: ReceivedEmail[] = [];
  const violations: string[] = [];
  const queued: StandInAnswer[] = [];
  const slowAnswers = new Set<NodeJS.Timeout>();
  const accepted: AcceptedMessage[] = [];
  const serverChecks: Date[] = [];
  const byId = new Map<string, AcceptedMessage>();
  const inactive = new Set<string>();
  const suppressions: PostmarkStandIn['suppressions'] = [];
  const bounces: StandInBounce[] = [];
  const messageEvents = new Map<string, StandInMessageEvent[]>();
  const eventsOf = (messageId: string) => messageEvents.get(messageId) ?? messageEvents.set(messageId, []).get(messageId)!;
  const reads: string[] = [];
  let readsAnswer: 'ok' | 'outage' | 'server-error' | 'invalid-token' = 'ok';
  /** Answers a read's trouble as asked; true when it did. */
  const troubledRead = (request: http.IncomingMessage, response: http.ServerResponse): boolean => {
    if (readsAnswer === 'ok') return false;
    if (readsAnswer === 'outage') request.socket.destroy();
    else answerJson(response, FAILURES[readsAnswer].status, FAILURES[readsAnswer].body);
    return true;
  };

  const take = (body: Record<string, unknown>): string => {
    const messageId = randomUUID();
    const message = toAccepted(body, messageId);
    accepted.push(message);
    byId.set(messageId, message);
    return messageId;
  };

  const refuse = (response: http.ServerResponse, problems: string[]) => {
    violations.push(...problems);
    answerJson(response, 400, { ErrorCode: 402, Message: `Stand-in refused the request: ${problems.join('; ')}` });
  };

  /** Sending requests share the queued answers. `accept` takes the messages and answers. */
  const answerSending = (request: http.IncomingMessage, response: http.ServerResponse, accept: () => object) => {
    const answer = queued.shift() ?? 'ok';
    if (answer === 'outage') {
      request.socket.destroy();
      return;
    }
    if (answer === 'accepted-then-outage') {
      accept();
      request.socket.destroy();
      return;
    }
    if (answer === 'slow') {
      const timer = setTimeout(() => {
        slowAnswers.delete(timer);
        answerJson(response, 200, accept());
      }, options.slowAnswerMs ?? 2_000);
      slowAnswers.add(timer);
    } else if (answer === 'ok') answerJson(response, 200, accept());
    else answerJson(response, FAILURES[answer].status, FAILURES[answer].body);
  };

  const handleEmail = (request: http.IncomingMessage, response: http.ServerResponse, rawBody: string) => {
    const { problems, body } = problemsWith(request, rawBody, options.token, options.tracking);
    const received: ReceivedEmail = { headers: request.headers, body };
    requests.push(received);
    if (problems.length > 0) return refuse(response, problems);
    answerSending(request, response, () => {
      received.messageId = take(body);
      return { To: body.To, SubmittedAt: new Date().toISOString(), MessageID: received.messageId, ErrorCode: 0, Message: 'OK' };
    });
  };

  const handleBatch = (request: http.IncomingMessage, response: http.ServerResponse, rawBody: string) => {
    const problems = headerProblems(request, options.token, true);
    const body = parseJson(rawBody, problems);
    const messages = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
    if (!Array.isArray(body)) problems.push('the batch body must be a JSON array of messages');
    if (messages.length === 0 || messages.length > BATCH_LIMIT) problems.push(`a batch holds 1–${BATCH_LIMIT} messages, got ${messages.length}`);
    messages.forEach((message, index) => problems.push(...messageProblems(message, options.tracking).map((problem) => `message ${index}: ${problem}`)));
    for (const message of messages) requests.push({ headers: request.headers, body: message });
    if (problems.length > 0) return refuse(response, problems);
    options.onBatch?.();
    const answer = () =>
      answerSending(request, response, () =>
        // HTTP 200 for the batch; each message says whether it was taken.
        messages.map((message) => {
          const to = String(message.To).toLowerCase();
          if (inactive.has(to)) return { ErrorCode: 406, Message: `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${to}.` };
          return { ErrorCode: 0, Message: 'OK', MessageID: take(message), SubmittedAt: new Date().toISOString(), To: message.To };
        }),
      );
    const delay = options.batchDelayMs?.() ?? 0;
    if (delay > 0) {
      const timer = setTimeout(() => {
        slowAnswers.delete(timer);
        answer();
      }, delay);
      slowAnswers.add(timer);
    } else answer();
  };

  const handleSearch = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    const query = queryOf(url);
    const problems = [...headerProblems(request, options.token, false), ...pagingProblems(query)];
    const from = easternFilter(query.get('fromdate'), problems);
    const to = easternFilter(query.get('todate'), problems);
    if (problems.length > 0) return refuse(response, problems);
    const HOUR = 3_600_000;
    const metadata = [...query].filter(([key]) => key.startsWith('metadata_')).map(([key, value]) => [key.slice('metadata_'.length), value] as const);
    const found = accepted.filter(
      (message) =>
        (!query.has('messagestream') || message.stream === query.get('messagestream')) &&
        (!query.has('recipient') || message.to.toLowerCase() === query.get('recipient')!.toLowerCase()) &&
        (!query.has('tag') || message.tag === query.get('tag')) &&
        metadata.every(([key, value]) => message.metadata[key] === value) &&
        (from === null || message.receivedAt.getTime() >= from - HOUR) &&
        (to === null || message.receivedAt.getTime() <= to + HOUR),
    );
    // Newest first, as documented.
    found.sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
    const offset = Number(query.get('offset'));
    const page = found.slice(offset, offset + Number(query.get('count')));
    answerJson(response, 200, {
      TotalCount: found.length,
      Messages: page.map((message) => ({
        MessageID: message.messageId,
        Tag: message.tag,
        To: [{ Email: message.to, Name: null }],
        Recipients: [message.to],
        ReceivedAt: message.receivedAt.toISOString(),
        Subject: message.subject,
        Status: 'Sent',
        Metadata: message.metadata,
        MessageStream: message.stream,
      })),
    });
  };

  const handleDetails = (request: http.IncomingMessage, response: http.ServerResponse, messageId: string) => {
    const problems = headerProblems(request, options.token, false);
    if (problems.length > 0) return refuse(response, problems);
    const message = byId.get(messageId);
    if (!message) return answerJson(response, 422, { ErrorCode: 701, Message: 'This message was not found.' });
    const events = messageEvents.get(messageId) ?? [];
    answerJson(response, 200, { MessageID: message.messageId, To: [{ Email: message.to }], Subject: message.subject, Metadata: message.metadata, MessageStream: message.stream, TextBody: message.text, HtmlBody: message.html, MessageEvents: events });
  };

  const handleBounces = (request: http.IncomingMessage, response: http.ServerResponse, url: URL) => {
    const query = queryOf(url);
    const problems = [...headerProblems(request, options.token, false), ...pagingProblems(query)];
    const from = easternFilter(query.get('fromdate'), problems);
    const to = easternFilter(query.get('todate'), problems);
    if (problems.length > 0) return refuse(response, problems);
    const HOUR = 3_600_000;
    const found = bounces.filter(
      (bounce) =>
        (!query.has('messagestream') || bounce.MessageStream === query.get('messagestream')) &&
        (from === null || Date.parse(bounce.BouncedAt) >= from - HOUR) &&
        (to === null || Date.parse(bounce.BouncedAt) <= to + HOUR),
    );
    const offset = Number(query.get('offset'));
    answerJson(response, 200, { TotalCount: found.length, Bounces: found.slice(offset, offset + Number(query.get('count'))).map((bounce) => ({ RecordType: 'Bounce', ...bounce, Inactive: true, CanActivate: true })) });
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const route = `${request.method} ${url.pathname}`;
      const details = /^GET \/messages\/outbound\/([^/]+)\/details$/.exec(route);
      const dump = /^GET \/message-streams\/([^/]+)\/suppressions\/dump$/.exec(route);
      const bounceById = /^GET \/bounces\/(\d+)$/.exec(route);
      if (request.method === 'GET') {
        reads.push(`${url.pathname}${url.search}`);
        if (troubledRead(request, response)) return;
      }
      if (handleRescueRoutes(route, request, response, rawBody, { token: options.token, suppressions, inactive, refuse })) return;
      if (route === 'POST /email') handleEmail(request, response, rawBody);
      else if (route === 'POST /email/batch') handleBatch(request, response, rawBody);
      else if (route === 'GET /messages/outbound') handleSearch(request, response, url);
      else if (details) handleDetails(request, response, decodeURIComponent(details[1]!));
      else if (route === 'GET /bounces') handleBounces(request, response, url);
      else if (route === 'GET /server') {
        serverChecks.push(new Date());
        const problems = headerProblems(request, options.token, false);
        if (problems.length > 0) return refuse(response, problems);
        // The documented answer, trimmed to what identifies the server.
        answerSending(request, response, () => ({ ID: 1, Name: 'Passerelle', Color: 'blue', DeliveryType: 'Live', SmtpApiActivated: false }));
      }
      else if (bounceById) {
        const problems = headerProblems(request, options.token, false);
        if (problems.length > 0) return refuse(response, problems);
        const found = bounces.find((bounce) => String(bounce.ID) === bounceById[1]);
        if (!found) return answerJson(response, 422, { ErrorCode: 701, Message: 'This bounce was not found.' });
        answerJson(response, 200, { RecordType: 'Bounce', ...found, Inactive: true, CanActivate: true });
      }
      else if (dump) {
        const problems = headerProblems(request, options.token, false);
        if (problems.length > 0) return refuse(response, problems);
        const stream = decodeURIComponent(dump[1]!);
        answerJson(response, 200, {
          Suppressions: suppressions.filter((entry) => entry.stream === stream).map((entry) => ({ EmailAddress: entry.email, SuppressionReason: entry.reason, Origin: 'Recipient', CreatedAt: new Date().toISOString() })),
        });
      } else {
        requests.push({ headers: request.headers, body: {} });
        refuse(response, [`no such endpoint in the stand-in: ${route}`]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let nextBounceId = 1;

  return {
    host: `127.0.0.1:${port}`,
    requests,
    violations,
    accepted,
    serverChecks,
    inactive,
    suppressions,
    answerNextWith: (...answers) => queued.push(...answers),
    reads,
    answerReadsWith(answer) {
      readsAnswer = answer;
    },
    bounce(messageId, type, typeCode, at = new Date()) {
      const message = byId.get(messageId);
      if (!message) throw new Error(`the stand-in took no message ${messageId}`);
      const id = nextBounceId++;
      const description = type === 'SpamComplaint' ? 'The subscriber explicitly marked this message as spam.' : 'The server was unable to deliver your message (ex: unknown user, mailbox not found).';
      bounces.push({ ID: id, Type: type, TypeCode: typeCode, MessageID: messageId, Email: message.to, BouncedAt: easternTime(at), MessageStream: message.stream, Description: description, Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.' });
      eventsOf(messageId).push({ Recipient: message.to, Type: 'Bounced', ReceivedAt: easternTime(at), Details: { Summary: description, BounceID: String(id) } });
      return id;
    },
    deliver(messageId, deliveryOptions = {}) {
      const message = byId.get(messageId);
      if (!message) throw new Error(`the stand-in took no message ${messageId}`);
      eventsOf(messageId).push({
        Recipient: message.to,
        Type: 'Delivered',
        ReceivedAt: easternTime(deliveryOptions.at ?? new Date()),
        Details: { DeliveryMessage: deliveryOptions.answer ?? 'smtp;250 2.6.0 Queued mail for delivery', DestinationServer: deliveryOptions.server ?? 'mx.example.org', DestinationIP: '192.0.2.25' },
      });
    },
    changeSubscription(messageId, suppress, reason, at = new Date()) {
      const message = byId.get(messageId);
      if (!message) throw new Error(`the stand-in took no message ${messageId}`);
      eventsOf(messageId).push({ Recipient: message.to, Type: 'SubscriptionChanged', ReceivedAt: easternTime(at), Details: { Origin: 'Recipient', SuppressSending: suppress ? 'True' : 'False', SuppressionReason: reason ?? '' } });
    },
    close: () =>
      new Promise((resolve, reject) => {
        // A slow answer may still be pending: its client has long given up.
        for (const timer of slowAnswers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The rescue path's routes, kept apart: `POST /message-streams/{stream}/suppressions/delete`
 * (https://postmarkapp.com/developer/api/suppressions-api#delete-a-suppression) takes
 * `{"Suppressions": [{"EmailAddress": …}]}` (at most 50) and answers each address with
 * Status "Deleted", or "Failed" for a spam complaint, which only the recipient can lift.
 * Returns false for any other route.
 */
function handleRescueRoutes(
  route: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  rawBody: string,
  state: { token: string; suppressions: PostmarkStandIn['suppressions']; inactive: Set<string>; refuse: (response: http.ServerResponse, problems: string[]) => void },
): boolean {
  const deletion = /^POST \/message-streams\/([^/]+)\/suppressions\/delete$/.exec(route);
  if (!deletion) return false;
  const problems = headerProblems(request, state.token, true);
  const body = parseJson(rawBody, problems) as { Suppressions?: unknown };
  const entries = Array.isArray(body.Suppressions) ? (body.Suppressions as { EmailAddress?: unknown }[]) : [];
  if (!Array.isArray(body.Suppressions) || entries.length === 0 || entries.length > 50) problems.push('Suppressions must be an array of 1–50 entries');
  if (entries.some((entry) => typeof entry.EmailAddress !== 'string')) problems.push('each suppression needs an EmailAddress');
  if (problems.length > 0) {
    state.refuse(response, problems);
    return true;
  }
  const stream = decodeURIComponent(deletion[1]!);
  answerJson(response, 200, {
    Suppressions: entries.map(({ EmailAddress }) => {
      const email = String(EmailAddress).toLowerCase();
      const index = state.suppressions.findIndex((entry) => entry.stream === stream && entry.email.toLowerCase() === email);
      if (index !== -1 && state.suppressions[index]!.reason === 'SpamComplaint') {
        return { EmailAddress, Status: 'Failed', Message: 'You do not have the required authority to change this suppression.' };
      }
      if (index !== -1) state.suppressions.splice(index, 1);
      state.inactive.delete(email);
      return { EmailAddress, Status: 'Deleted', Message: null };
    }),
  });
  return true;
}
