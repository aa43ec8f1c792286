import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the part of Postmark's account API the deliverability
 * check reads (https://postmarkapp.com/developer/api/domains-api and
 * …/signatures-api): `GET /domains?count&offset`, `GET /domains/{id}`,
 * `GET /senders?count&offset`. It checks each request as the documentation
 * describes it (GET, the X-Postmark-Account-Token header, JSON, count 1–500)
 * and records what breaks the rules in `violations`: tests assert it is empty.
 */

export interface StandInDomain {
  ID: number;
  Name: string;
  SPFVerified: boolean;
  DKIMVerified: boolean;
  WeakDKIM: boolean;
  ReturnPathDomainVerified: boolean;
  SPFHost: string;
  SPFTextValue: string;
  DKIMHost: string;
  DKIMTextValue: string;
  DKIMPendingHost: string;
  DKIMPendingTextValue: string;
  DKIMRevokedHost: string;
  DKIMRevokedTextValue: string;
  SafeToRemoveRevokedKeyFromDNS: boolean;
  DKIMUpdateStatus: string;
  ReturnPathDomain: string;
  ReturnPathDomainCNAMEValue: string;
}

export interface StandInSignature {
  ID: number;
  Name: string;
  Domain: string;
  EmailAddress: string;
  ReplyToEmailAddress: string;
  Confirmed: boolean;
}

/** A domain as Postmark's Domains API details it, verified unless told otherwise. */
export function standInDomain(id: number, name: string, overrides: Partial<StandInDomain> = {}): StandInDomain {
  return {
    ID: id,
    Name: name,
    SPFVerified: true,
    DKIMVerified: true,
    WeakDKIM: false,
    ReturnPathDomainVerified: true,
    SPFHost: name,
    SPFTextValue: 'v=spf1 a mx include:spf.mtasv.net ~all',
    DKIMHost: '',
    DKIMTextValue: '',
    DKIMPendingHost: '',
    DKIMPendingTextValue: '',
    DKIMRevokedHost: '',
    DKIMRevokedTextValue: '',
    SafeToRemoveRevokedKeyFromDNS: false,
    DKIMUpdateStatus: 'Verified',
    ReturnPathDomain: `pm-bounces.${name}`,
    ReturnPathDomainCNAMEValue: 'pm.mtasv.net',
    ...overrides,
  };
}

export type AccountStandInAnswer = 'ok' | 'invalid-token' | 'outage' | 'slow';

export interface PostmarkAccountStandIn {
  host: string;
  requests: { method: string; url: string }[];
  violations: string[];
  /** Queues answers for the next requests; afterwards every request succeeds. */
  answerNextWith(...answers: AccountStandInAnswer[]): void;
  close(): Promise<void>;
}

const SUMMARY_FIELDS = ['ID', 'Name', 'SPFVerified', 'DKIMVerified', 'WeakDKIM', 'ReturnPathDomainVerified'] as const;

function answerJson(response: http.ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function pageOf(url: URL, problems: string[]): { count: number; offset: number } | null {
  const count = Number(url.searchParams.get('count'));
  const offset = Number(url.searchParams.get('offset'));
  if (!Number.isInteger(count) || count < 1 || count > 500) problems.push(`count must be 1–500, got ${url.searchParams.get('count')}`);
  if (!Number.isInteger(offset) || offset < 0) problems.push(`offset must be 0 or more, got ${url.searchParams.get('offset')}`);
  return problems.length > 0 ? null : { count, offset };
}

export async function startPostmarkAccountStandIn(options: {
  token: string;
  domains: StandInDomain[];
  signatures: StandInSignature[];
  slowAnswerMs?: number;
}): Promise<PostmarkAccountStandIn> {
  const requests: PostmarkAccountStandIn['requests'] = [];
  const violations: string[] = [];
  const queued: AccountStandInAnswer[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
    const problems: string[] = [];
    if (request.method !== 'GET') problems.push(`expected GET, got ${request.method} ${url.pathname}`);
    if (request.headers['x-postmark-account-token'] === undefined) problems.push('X-Postmark-Account-Token is missing');
    if (request.headers['x-postmark-server-token'] !== undefined) problems.push('a server token was sent to the account API');
    if (request.headers.accept !== 'application/json') problems.push(`Accept must be application/json, got ${request.headers.accept}`);
    const answer = queued.shift() ?? 'ok';
    if (answer === 'outage') {
      request.socket.destroy();
      return;
    }
    const respond = () => {
      if (answer === 'invalid-token' || request.headers['x-postmark-account-token'] !== options.token) {
        answerJson(response, 401, { ErrorCode: 10, Message: 'The Account Token you provided in the X-Postmark-Account-Token request header was invalid.' });
        return;
      }
      let status = 200;
      let body: object = {};
      const detail = /^\/domains\/(\d+)$/.exec(url.pathname);
      if (url.pathname === '/domains') {
        const page = pageOf(url, problems);
        if (page) body = { TotalCount: options.domains.length, Domains: options.domains.slice(page.offset, page.offset + page.count).map((domain) => Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, domain[field]]))) };
      } else if (detail) {
        const domain = options.domains.find((entry) => entry.ID === Number(detail[1]));
        if (domain) body = domain;
        else [status, body] = [422, { ErrorCode: 510, Message: 'Domain not found.' }];
      } else if (url.pathname === '/senders') {
        const page = pageOf(url, problems);
        if (page) body = { TotalCount: options.signatures.length, SenderSignatures: options.signatures.slice(page.offset, page.offset + page.count) };
      } else problems.push(`no such endpoint: ${request.method} ${url.pathname}`);
      if (problems.length > 0) {
        violations.push(...problems);
        answerJson(response, 422, { ErrorCode: 402, Message: `Stand-in refused the request: ${problems.join('; ')}` });
        return;
      }
      answerJson(response, status, body);
    };
    if (answer === 'slow') {
      const timer = setTimeout(() => {
        timers.delete(timer);
        respond();
      }, options.slowAnswerMs ?? 2_000);
      timers.add(timer);
    } else respond();
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
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
