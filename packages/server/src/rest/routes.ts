/**
 * The merchant API as plain JSON over HTTP: each route names the tRPC procedure it calls, so the
 * REST surface can never drift from the procedures' schemas, policies or behaviour. `{name}`
 * segments are path parameters, merged into the procedure's input.
 */
export type RestRoute = {
  method: 'GET' | 'POST';
  /** OpenAPI-style template, e.g. `/v1/orders/{orderId}`. */
  path: string;
  /** Dotted path of the procedure in the app router. */
  procedure: string;
  /** Stable operation id for generated clients. */
  operationId: string;
  tag: 'orders' | 'refunds' | 'payouts' | 'balance' | 'merchant' | 'reports';
  summary: string;
  /**
   * Whether the procedure runs under `idempotent()` (trpc.ts). Only those honour the
   * Idempotency-Key header, so only those advertise it: promising it elsewhere would let a
   * client believe a retry is safe when it is not.
   */
  idempotent?: boolean;
  /**
   * The procedure answers `{ contentType, body, signature }`: the route sends `body` as is, with
   * that content type and the signature in `Ducat-Signature` (signed documents such as reports,
   * whose bytes must reach the client unchanged for the signature to verify).
   */
  signedDocument?: boolean;
};

export const MERCHANT_REST_ROUTES: readonly RestRoute[] = [
  {
    method: 'POST',
    path: '/v1/orders',
    procedure: 'orders.create',
    operationId: 'createOrder',
    tag: 'orders',
    summary: 'Create an order and its signed checkout link',
    idempotent: true,
  },
  {
    method: 'GET',
    path: '/v1/orders',
    procedure: 'orders.list',
    operationId: 'listOrders',
    tag: 'orders',
    summary: 'List orders, newest first (cursor pagination)',
  },
  {
    method: 'GET',
    path: '/v1/orders/{orderId}',
    procedure: 'orders.get',
    operationId: 'getOrder',
    tag: 'orders',
    summary: 'Get one order (archived ones too)',
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/cancel',
    procedure: 'orders.cancel',
    operationId: 'cancelOrder',
    tag: 'orders',
    summary: 'Cancel an order that has not been paid yet',
  },
  {
    method: 'POST',
    path: '/v1/orders/{orderId}/refunds',
    procedure: 'refunds.create',
    operationId: 'createRefund',
    tag: 'refunds',
    summary: 'Refund a paid order, fully or partly',
    idempotent: true,
  },
  {
    method: 'GET',
    path: '/v1/orders/{orderId}/refunds',
    procedure: 'refunds.list',
    operationId: 'listRefunds',
    tag: 'refunds',
    summary: "List an order's refunds",
  },
  {
    method: 'POST',
    path: '/v1/payouts',
    procedure: 'payouts.create',
    operationId: 'createPayout',
    tag: 'payouts',
    summary: 'Pay out part of the balance through a provider',
    idempotent: true,
  },
  {
    method: 'GET',
    path: '/v1/payouts',
    procedure: 'payouts.list',
    operationId: 'listPayouts',
    tag: 'payouts',
    summary: 'List payouts, newest first (cursor pagination)',
  },
  {
    method: 'GET',
    path: '/v1/balance',
    procedure: 'balance.get',
    operationId: 'getBalance',
    tag: 'balance',
    summary: 'The balance per currency',
  },
  {
    method: 'GET',
    path: '/v1/whoami',
    procedure: 'merchant.whoami',
    operationId: 'whoami',
    tag: 'merchant',
    summary: 'Which merchant, mode and key the presented JWT authenticates',
  },
  {
    method: 'GET',
    path: '/v1/reports',
    procedure: 'reports.get',
    operationId: 'getReport',
    tag: 'reports',
    summary: 'The reconciliation report of a period (JSON or CSV), signed in Ducat-Signature',
    signedDocument: true,
  },
];
