export { type ApiErrorInfo, apiErrorOf } from './api-error';
export { proxyToApi } from './api-proxy';
export { currencyDigits, formatMoney, minorToDecimal, parseMoney } from './money';
export { securityHeaders } from './security-headers';
export {
  CSRF_HEADER,
  createBrowserClient,
  createServerClient,
  type DucatClient,
} from './trpc-client';
