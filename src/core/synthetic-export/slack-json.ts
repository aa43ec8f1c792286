/**
 * JSON as Slack's exporter writes it: four-space indentation, slashes
 * escaped as \/ and every non-ASCII character as a \uXXXX escape (UTF-16
 * code units, so emoji become surrogate pairs). Parsers read it the same,
 * but importers meet the bytes real exports have.
 */
export function slackJson(value: unknown): string {
  return JSON.stringify(value, null, 4)
    .replaceAll('/', '\\/')
    .replace(/[\u0080-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
