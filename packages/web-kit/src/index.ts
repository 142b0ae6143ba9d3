export { type ApiClient, type CallContext, createApiClient } from './api-client';
export { type ApiErrorInfo, apiErrorCode, apiErrorOf } from './api-errors';
export { proxyToApi } from './api-proxy';
export { contentSecurityPolicy, newNonce } from './content-security-policy';
export { formatMoney, minorDigits, parseMoney, toDecimalText } from './money';
export { securityHeaders } from './security-headers';
export { createServerApiClient } from './server-api';
