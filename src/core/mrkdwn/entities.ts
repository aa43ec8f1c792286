const SLACK_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * Slack escapes exactly these three characters in message text. A single
 * left-to-right pass decodes each one once, so `&amp;lt;` stays the literal
 * text `&lt;` rather than becoming `<`.
 */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => SLACK_ENTITIES[entity] ?? entity);
}
