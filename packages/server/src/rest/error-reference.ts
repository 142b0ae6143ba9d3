import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';

/** Where the reference is served; every error's `docUrl` points at a section of it. */
export const ERROR_REFERENCE_PATH = '/docs/errors';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The error reference: one section per stable code (its anchor is the code), with its HTTP
 * status and what it means, generated from errors.ts so it lists every code the running
 * version can answer, and no other.
 */
export function renderErrorReference(): string {
  const sections = (Object.keys(ERROR_CODES) as ErrorCode[])
    .map((code) => {
      const { status } = ERROR_CODES[code];
      return `<section id="${code}"><h2><a href="#${code}"><code>${code}</code></a> · HTTP ${status}</h2><p>${escapeHtml(new AppError(code).userMessage)}</p></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ducat API errors</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color-scheme:light dark}h2{font-size:1.05rem;margin:1.5rem 0 .25rem}:target{outline:2px solid #6366f1;outline-offset:6px;border-radius:4px}</style>
</head><body>
<h1>Ducat API errors</h1>
<p>Every refusal carries a stable <code>code</code> (switch on it, never on the message), the HTTP status, a message safe to show, often the <code>field</code> at fault, its <code>requestId</code> and a <code>docUrl</code> to its section here. Bad input changes nothing.</p>
${sections}
</body></html>
`;
}
