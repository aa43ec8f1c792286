const EMAIL = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[a-z]{2,}/gi;

/**
 * An error as it may appear in logs: its name, SQLite or system code, and the
 * first line of its message with addresses masked. Database errors carry the
 * query's parameters (addresses, ids) after the first line; they stay out.
 */
export function safeError(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: '' };
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  const firstLine = error.message.split('\n', 1)[0] ?? '';
  return {
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: firstLine.replace(EMAIL, '[address]').slice(0, 300),
  };
}
