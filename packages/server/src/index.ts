export type { ErrorCode } from './errors.js';
export type { DucatEvent } from './events/catalogue.js';
export type { AppRouter } from './root.js';
export type { ErrorData } from './trpc.js';
