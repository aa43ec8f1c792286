/**
 * Slack export links carry `t=xoxe-…` tokens that open private files to
 * whoever holds them. They never reach the store, the pages or the logs.
 */
const TOKEN_PARAMETER = /([?&])t=xox[a-z]-[^&\s|>"']*(&?)/g;

export function stripExportTokens(text: string): string {
  return text.replace(TOKEN_PARAMETER, (_whole, separator: string, next: string) => (separator === '?' && next ? '?' : next ? separator : ''));
}
