export { proxyToApi } from './api-proxy';
export { securityHeaders } from './security-headers';
