/**
 * The SDK version, sent in the User-Agent (kept in step with package.json by a test).
 *
 * @example
 * console.log(`@ducat/sdk ${VERSION}`);
 */
export const VERSION = '0.1.0';
