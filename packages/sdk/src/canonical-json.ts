/**
 * JSON with object keys sorted at every level, no whitespace and `undefined` fields left out:
 * the bytes an order's body signature covers. The server builds the same string from what it
 * received, so key order in transit does not matter. The SDK signs every order with it; export
 * it to sign from another language's test vectors.
 *
 * @example
 * canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } }); // '{"a":{"c":"x","d":[2,1]},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
