export { type CallbackInput, callbacks, verifyCallback } from './callbacks.js';
export { canonicalJson } from './canonical-json.js';
export { Ducat, type DucatConfig } from './client.js';
export { ISO_CURRENCIES, isIsoCurrency, type MinorUnitExponent, minorUnits } from './currencies.js';
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
export type { ListenMessage } from './listen.js';
export { type Page, PagePromise } from './pagination.js';
export type { ReconciliationReport, ReportParams } from './resources/reports.js';
export { DEFAULT_TOLERANCE_SECONDS } from './signatures.js';
export type {
  Balance,
  Campaign,
  CampaignAudience,
  CampaignReward,
  CampaignState,
  CheckoutLink,
  CreateCampaignParams,
  CreateOrderParams,
  CreatePayoutParams,
  CreateRefundParams,
  CreateWebhookEndpointParams,
  DucatEvent,
  EventDelivery,
  EventRecord,
  EventResend,
  EventType,
  ListEventsParams,
  ListOrdersParams,
  ListPayoutsParams,
  LogRecord,
  LogsTailMessage,
  MerchantSettings,
  Mode,
  Order,
  OrderEvent,
  OrderItem,
  OrderStatus,
  Payout,
  PayoutEvent,
  ReconciliationDifferenceEvent,
  Refund,
  RefundEvent,
  ReturnParams,
  UpdateCampaignParams,
  UpdateMerchantSettingsParams,
  UpdateWebhookEndpointParams,
  WebhookEndpoint,
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
