export { type CallbackInput, callbacks, verifyCallback } from './callbacks.js';
export { canonicalJson } from './canonical-json.js';
export { Ducat, type DucatConfig } from './client.js';
export {
  APIError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  DucatError,
  type DucatErrorInit,
  IdempotencyError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  SignatureVerificationError,
  type ValidationIssue,
} from './errors.js';
export type { RequestOptions } from './http.js';
export { type Page, PagePromise } from './pagination.js';
export type { ReconciliationReport, ReportParams } from './resources/reports.js';
export { DEFAULT_TOLERANCE_SECONDS } from './signatures.js';
export type {
  Balance,
  CheckoutLink,
  CreateOrderParams,
  CreatePayoutParams,
  CreateRefundParams,
  DucatEvent,
  EventType,
  ListOrdersParams,
  ListPayoutsParams,
  Mode,
  Order,
  OrderItem,
  OrderStatus,
  Payout,
  Refund,
  ReturnParams,
  WhoAmI,
} from './types.js';
export { VERSION } from './version.js';
export {
  generateTestHeader,
  type RawBody,
  SIGNATURE_HEADER,
  type VerifyOptions,
  verify as verifyWebhook,
  verifyRequest as verifyWebhookRequest,
  webhooks,
} from './webhooks.js';
