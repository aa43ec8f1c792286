import type { Locale } from '../../i18n/index.ts';
import { escapeHtml } from '../../text/escape-html.ts';

/**
 * The document around every HTML email: declared language (screen readers pick
 * their voice from it), one readable column, no tables, no remote images or
 * fonts (nothing that reports an opening back to anyone). `content` must
 * already be safe HTML.
 */
export function renderHtmlEmail(input: { locale: Locale; title: string; content: string }): string {
  return `<!doctype html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#ffffff;color:#1a1a1a;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;">
<div style="max-width:560px;margin:0 auto;padding:24px 16px;">
${input.content}
</div>
</body>
</html>
`;
}
