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
  tag:
    | 'orders'
    | 'refunds'
    | 'payouts'
    | 'balance'
    | 'merchant'
    | 'reports'
    | 'webhook_endpoints'
    | 'events'
    | 'campaigns'
    | 'settings';
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
  // Webhook endpoints: POST for every change (update and delete too), as the other routes.
  {
    method: 'GET',
    path: '/v1/webhook_endpoints',
    procedure: 'webhookEndpoints.list',
    operationId: 'listWebhookEndpoints',
    tag: 'webhook_endpoints',
    summary: "The key's mode's webhook endpoints, oldest first",
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints',
    procedure: 'webhookEndpoints.create',
    operationId: 'createWebhookEndpoint',
    tag: 'webhook_endpoints',
    summary: 'Add a webhook endpoint; its signing secret is in this response only',
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/{endpointId}',
    procedure: 'webhookEndpoints.update',
    operationId: 'updateWebhookEndpoint',
    tag: 'webhook_endpoints',
    summary: "Change an endpoint's URL, description, event types or status",
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/{endpointId}/delete',
    procedure: 'webhookEndpoints.delete',
    operationId: 'deleteWebhookEndpoint',
    tag: 'webhook_endpoints',
    summary: 'Remove an endpoint and revoke its secrets',
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/{endpointId}/rotate_secret',
    procedure: 'webhookEndpoints.rotateSecret',
    operationId: 'rotateWebhookEndpointSecret',
    tag: 'webhook_endpoints',
    summary: 'A new signing secret; the old one still signs during the grace period',
  },
  {
    method: 'POST',
    path: '/v1/webhook_endpoints/{endpointId}/listen_results',
    procedure: 'webhookEndpoints.listenResult',
    operationId: 'recordListenResult',
    tag: 'webhook_endpoints',
    summary: 'A ducat listen session reports what forwarding one delivery gave',
  },
  {
    method: 'GET',
    path: '/v1/events',
    procedure: 'events.list',
    operationId: 'listEvents',
    tag: 'events',
    summary: 'Events sent in the last 30 days, newest first (by type, order, period)',
  },
  {
    method: 'GET',
    path: '/v1/events/{eventId}',
    procedure: 'events.get',
    operationId: 'getEvent',
    tag: 'events',
    summary: 'One event with its deliveries',
  },
  {
    method: 'POST',
    path: '/v1/events/{eventId}/resend',
    procedure: 'events.resend',
    operationId: 'resendEvent',
    tag: 'events',
    summary: 'Send an event again now, to one endpoint or every subscribed one',
  },
  {
    method: 'GET',
    path: '/v1/campaigns',
    procedure: 'campaigns.list',
    operationId: 'listCampaigns',
    tag: 'campaigns',
    summary: "The key's mode's campaigns, newest first",
  },
  {
    method: 'POST',
    path: '/v1/campaigns',
    procedure: 'campaigns.create',
    operationId: 'createCampaign',
    tag: 'campaigns',
    summary: 'Create a campaign (a checkout discount with a budget)',
  },
  {
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    procedure: 'campaigns.get',
    operationId: 'getCampaign',
    tag: 'campaigns',
    summary: 'Get one campaign, with its budget reserved and remaining',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}',
    procedure: 'campaigns.update',
    operationId: 'updateCampaign',
    tag: 'campaigns',
    summary: 'Edit a campaign that has not ended',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/pause',
    procedure: 'campaigns.pause',
    operationId: 'pauseCampaign',
    tag: 'campaigns',
    summary: 'Pause a campaign (checkouts stop getting its discount)',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/resume',
    procedure: 'campaigns.resume',
    operationId: 'resumeCampaign',
    tag: 'campaigns',
    summary: 'Resume a paused campaign, or launch a draft',
  },
  {
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/end',
    procedure: 'campaigns.end',
    operationId: 'endCampaign',
    tag: 'campaigns',
    summary: 'End a campaign for good',
  },
  {
    method: 'GET',
    path: '/v1/settings',
    procedure: 'settings.get',
    operationId: 'getSettings',
    tag: 'settings',
    summary: 'The merchant settings: return URL, IPN URL, widget origins, checkout branding',
  },
  {
    method: 'POST',
    path: '/v1/settings',
    procedure: 'settings.update',
    operationId: 'updateSettings',
    tag: 'settings',
    summary: 'Change some merchant settings (only the fields sent; null clears one)',
  },
];
