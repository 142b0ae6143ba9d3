/**
 * Bearer values as they appear inside free text (a URL in a message, an error's stack, a
 * header copied into a string), where field-name redaction cannot see them. Each pattern keeps
 * what makes the line useful (the route, the parameter's name, the key's kind) and drops the
 * secret itself.
 */
const PATTERNS: [RegExp, string][] = [
  // Checkout and widget links: /pay/<token>, /embed/<token> (the token is the bearer).
  [/\/(pay|embed)\/[^\s/?#"'<>]+/g, '/$1/[redacted]'],
  // Mailed links and any query or form field that carries a secret.
  [
    /([?&;\s"']|^)(token|key|secret|password|session|sessionId|csrf|code)=[^&\s"'<>;]+/gi,
    '$1$2=[redacted]',
  ],
  // Merchant API keys and webhook secrets (dk_test_…, dwhsec_live_…).
  [/(?<![A-Za-z])(dk|dwhsec)_(test|live)_[A-Za-z0-9_-]+/g, '$1_$2_[redacted]'],
  // JSON fields that carry a secret, also URL-encoded (a tRPC query's `?input=`).
  [
    /((?:"|%22)(?:token|password|newPassword|currentPassword|secret|apiKey|merchantKey|sessionId|csrfToken)(?:"|%22)\s*(?::|%3A)\s*(?:"|%22))(?:(?!"|%22).)+/gi,
    '$1[redacted]',
  ],
  // JWTs (checkout tokens, merchant JWTs): three base64url parts, the first a JSON header.
  // No word boundary before it: inside URL-encoded JSON it follows `%22`.
  [/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
  // Authorization header values copied into text.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 [redacted]'],
  // Session cookies (either name) copied into text.
  [/\b((?:__Host-)?ducat_(?:staff_)?session)=[^;\s"']+/g, '$1=[redacted]'],
];

/** The text with every bearer value we recognise replaced by `[redacted]`. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of a log object with every string inside it passed through `redactText` (errors are
 * turned into plain objects first, so their message and stack are covered too).
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    const plain: Record<string, unknown> = {
      type: value.name,
      message: value.message,
      stack: value.stack,
    };
    for (const [k, v] of Object.entries(value)) plain[k] = v;
    if (value.cause !== undefined) plain.cause = value.cause;
    return redactDeep(plain, depth + 1);
  }
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}
