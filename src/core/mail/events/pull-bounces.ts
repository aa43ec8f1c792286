import type { Db } from '../../db/client.ts';
import type { BroadcastProvider } from '../../campaigns/broadcast-port.ts';
import { bounceEventKind } from './bounce-kind.ts';
import { bounceEventId } from './event-ids.ts';
import { recordMailEvent } from './record-mail-event.ts';

/**
 * Reads the stream's bounces and spam complaints from the Bounces API and
 * records them: the breaker sees them even where no webhook is configured.
 * Pulling the same window again records nothing twice.
 */
export async function pullBounces(db: Db, provider: BroadcastProvider, window: { from: Date; to: Date; stream: string }): Promise<{ read: number; recorded: number }> {
  const bounces = await provider.bouncesBetween(window.from, window.to);
  let recorded = 0;
  for (const bounce of bounces) {
    const result = await recordMailEvent(db, {
      id: bounceEventId(bounce.id),
      kind: bounceEventKind(bounce.type, bounce.typeCode),
      providerMessageId: bounce.messageId,
      recipient: bounce.email,
      stream: window.stream,
      detail: bounce.type,
      serverAnswer: bounce.details ?? null,
      description: bounce.description ?? null,
      at: bounce.at,
    });
    if (result.recorded) recorded++;
  }
  return { read: bounces.length, recorded };
}
