export { ISO_CURRENCIES, isIsoCurrency, minorUnits } from '@ducat/currencies';
export { type ApiClient, type CallContext, createApiClient } from './api-client';
export { type ApiErrorInfo, apiErrorCode, apiErrorOf } from './api-errors';
export { proxyToApi } from './api-proxy';
export { contentSecurityPolicy, newNonce } from './content-security-policy';
export { formatMoney, minorDigits, parseMoney, toDecimalText } from './money';
export { REQUEST_LOG_IGNORE } from './request-log';
export { HSTS_VALUE, securityHeaders, servedOverHttps } from './security-headers';
export { createServerApiClient } from './server-api';
