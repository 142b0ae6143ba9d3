/**
 * Request paths `next dev` must not write to its request log: the path itself is a bearer
 * (`/pay/<token>`, `/embed/<token>`) or a query carries a secret (mailed `?token=` links).
 * `next start` writes no request log; nothing else in the web apps logs requests.
 */
export const REQUEST_LOG_IGNORE: RegExp[] = [
  /\/(pay|embed)\//,
  /[?&](token|key|secret|password|session|code)=/i,
];
