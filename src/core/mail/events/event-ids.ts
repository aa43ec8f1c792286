/**
 * The identity of each Postmark event, built from Postmark's own identifiers.
 * The webhooks, the Messages API and the Bounces API all name an event through
 * these functions, so the same fact told twice, or by two of them, is stored once.
 */

/** Bounces and spam complaints carry Postmark's bounce ID everywhere (webhook ID, Bounces API ID, MessageEvents' BounceID). */
export function bounceEventId(bounceId: number | string): string {
  return `bounce:${bounceId}`;
}

/**
 * A message is delivered once to each recipient. Not keyed by the delivery time:
 * the webhook and the Messages API write it in different zones and precisions.
 */
export function deliveryEventId(messageId: string, recipient: string): string {
  return `delivery:${messageId}:${recipient.toLowerCase()}`;
}

/**
 * Suppression changes have no id of their own, and one address can be
 * suppressed, reactivated and suppressed again: the stream, the address, the
 * direction and the second it happened name one change.
 */
export function subscriptionEventId(stream: string, recipient: string, suppressed: boolean, at: Date): string {
  const second = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString();
  return `subscription:${stream}:${recipient.toLowerCase()}:${suppressed ? 'suppressed' : 'reactivated'}:${second}`;
}
