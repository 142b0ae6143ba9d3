/** The API version, reported by `system.info` and the OpenAPI document. */
export const VERSION = '0.1.0';
