import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

/**
 * A local DNS server for tests, answering as a recursive resolver would from
 * the zones a test gives it: CNAMEs followed (a loop answers SERVFAIL, as
 * Unbound and BIND do), NXDOMAIN for names it does not hold, NODATA for a name
 * without the asked type, TXT records in as many chunks as written. A name can
 * instead fail on purpose: SERVFAIL, REFUSED, or no answer at all (a timeout).
 * Answers too large for the client's UDP size are truncated, and the same port
 * answers over TCP, as real servers do.
 */

export type StandInRecord =
  | { type: 'TXT'; data: string | string[] }
  | { type: 'MX'; data: { preference: number; exchange: string } }
  | { type: 'CNAME'; data: string }
  | { type: 'A'; data: string }
  | { type: 'AAAA'; data: string };

export type NameBehaviour = 'servfail' | 'refused' | 'silent';

/** Names (any case, no trailing dot) → their records, or how they fail. */
export type StandInZones = Record<string, StandInRecord[] | NameBehaviour>;

export interface DnsStandIn {
  /** "127.0.0.1:PORT", for `Resolver.setServers` and DNS_SERVERS. */
  server: string;
  port: number;
  /** Every question asked, as "TYPE name". */
  questions: string[];
  close(): Promise<void>;
}

const MAX_CNAME_CHAIN = 8;

type Rcode = 'NOERROR' | 'SERVFAIL' | 'NXDOMAIN' | 'REFUSED';
const RCODES: Record<Rcode, number> = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 };

type Answer = dnsPacket.Answer;

function recordsAt(zones: StandInZones, name: string): StandInRecord[] | NameBehaviour | undefined {
  return zones[name.toLowerCase().replace(/\.$/, '')];
}

function toAnswer(name: string, record: StandInRecord): Answer {
  const base = { name, ttl: 300, class: 'IN' as const };
  switch (record.type) {
    case 'TXT':
      // A character-string holds at most 255 bytes: longer ones are split, as DNS hosts do when publishing.
      return { ...base, type: 'TXT', data: (Array.isArray(record.data) ? record.data : [record.data]).flatMap((text) => text.match(/[^]{1,255}/g) ?? ['']) };
    case 'MX':
      return { ...base, type: 'MX', data: record.data };
    default:
      return { ...base, type: record.type, data: record.data } as Answer;
  }
}

/** The response to one question, or null to stay silent. */
function respond(zones: StandInZones, question: dnsPacket.Question): { rcode: Rcode; answers: Answer[] } | null {
  const answers: Answer[] = [];
  const seen = new Set<string>();
  let name = question.name;
  for (;;) {
    const here = recordsAt(zones, name);
    if (here === 'silent') return null;
    if (here === 'servfail') return { rcode: 'SERVFAIL', answers: [] };
    if (here === 'refused') return { rcode: 'REFUSED', answers: [] };
    if (here === undefined) return { rcode: answers.length > 0 ? 'NOERROR' : 'NXDOMAIN', answers };
    const cname = here.find((record) => record.type === 'CNAME');
    if (cname && question.type !== 'CNAME') {
      if (seen.has(name.toLowerCase()) || seen.size >= MAX_CNAME_CHAIN) return { rcode: 'SERVFAIL', answers: [] };
      seen.add(name.toLowerCase());
      answers.push(toAnswer(name, cname));
      name = cname.data as string;
      continue;
    }
    answers.push(...here.filter((record) => record.type === question.type).map((record) => toAnswer(name, record)));
    return { rcode: 'NOERROR', answers };
  }
}

function encodeResponse(query: dnsPacket.Packet, rcode: Rcode, answers: Answer[], truncated = false): Buffer {
  return dnsPacket.encode({
    id: query.id,
    type: 'response',
    // QR, RD copied, RA set: a recursive resolver's answer.
    // dns-packet writes the response code from the low four bits of the flags.
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (truncated ? dnsPacket.TRUNCATED_RESPONSE : 0) | RCODES[rcode],
    questions: query.questions,
    answers: truncated ? [] : answers,
  } as dnsPacket.Packet);
}

function udpLimit(query: dnsPacket.Packet): number {
  const opt = query.additionals?.find((record) => record.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return Math.max(512, opt?.udpPayloadSize ?? 512);
}

export async function startDnsStandIn(zones: StandInZones, options: { port?: number } = {}): Promise<DnsStandIn> {
  const questions: string[] = [];
  const answer = (message: Buffer, overUdp: boolean): Buffer | null => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return null;
    }
    const question = query.questions?.[0];
    if (!question) return null;
    questions.push(`${question.type} ${question.name}`);
    const response = respond(zones, question);
    if (!response) return null;
    const encoded = encodeResponse(query, response.rcode, response.answers);
    if (overUdp && encoded.length > udpLimit(query)) return encodeResponse(query, response.rcode, response.answers, true);
    return encoded;
  };

  const onUdp = (udp: dgram.Socket) => (message: Buffer, peer: dgram.RemoteInfo) => {
    const reply = answer(message, true);
    if (reply) udp.send(reply, peer.port, peer.address);
  };
  const connections = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const reply = answer(buffered.subarray(2, 2 + length), false);
        buffered = buffered.subarray(2 + length);
        if (reply) socket.write(Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 255]), reply]));
      }
    });
    socket.on('error', () => socket.destroy());
  });

  // UDP and TCP on one port: pick a free UDP port, then take the same number for TCP (another pick if it is taken).
  let udp: dgram.Socket;
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    const socket = dgram.createSocket('udp4');
    socket.on('message', onUdp(socket));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    port = socket.address().port;
    const listened = await new Promise<boolean>((resolve) => {
      const refused = () => resolve(false);
      tcp.once('error', refused);
      tcp.listen(port, '127.0.0.1', () => {
        tcp.off('error', refused);
        resolve(true);
      });
    });
    if (listened) {
      udp = socket;
      break;
    }
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    if (options.port !== undefined || attempt > 20) throw new Error(`TCP port ${port} is taken`);
  }

  return {
    server: `127.0.0.1:${port}`,
    port,
    questions,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
