/**
 * GENERATED from the server's OpenAPI document (packages/server/src/rest/openapi.ts) by
 * openapi-typescript. Do not edit: run `pnpm --filter @ducat/sdk generate`.
 */

export type paths = {
    "/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List orders, newest first (cursor pagination)
         * @description Calls the `orders.list` procedure (the same as `/trpc/orders.list`).
         */
        get: operations["listOrders"];
        put?: never;
        /**
         * Create an order and its signed checkout link
         * @description Calls the `orders.create` procedure (the same as `/trpc/orders.create`).
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one order (archived ones too)
         * @description Calls the `orders.get` procedure (the same as `/trpc/orders.get`).
         */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order that has not been paid yet
         * @description Calls the `orders.cancel` procedure (the same as `/trpc/orders.cancel`).
         */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{orderId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List an order's refunds
         * @description Calls the `refunds.list` procedure (the same as `/trpc/refunds.list`).
         */
        get: operations["listRefunds"];
        put?: never;
        /**
         * Refund a paid order, fully or partly
         * @description Calls the `refunds.create` procedure (the same as `/trpc/refunds.create`).
         */
        post: operations["createRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List payouts, newest first (cursor pagination)
         * @description Calls the `payouts.list` procedure (the same as `/trpc/payouts.list`).
         */
        get: operations["listPayouts"];
        put?: never;
        /**
         * Pay out part of the balance through a provider
         * @description Calls the `payouts.create` procedure (the same as `/trpc/payouts.create`).
         */
        post: operations["createPayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The balance per currency
         * @description Calls the `balance.get` procedure (the same as `/trpc/balance.get`).
         */
        get: operations["getBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which merchant, mode and key the presented JWT authenticates
         * @description Calls the `merchant.whoami` procedure (the same as `/trpc/merchant.whoami`).
         */
        get: operations["whoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The reconciliation report of a period (JSON or CSV), signed in Ducat-Signature
         * @description Calls the `reports.get` procedure (the same as `/trpc/reports.get`).
         */
        get: operations["getReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's mode's webhook endpoints, oldest first
         * @description Calls the `webhookEndpoints.list` procedure (the same as `/trpc/webhookEndpoints.list`).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Add a webhook endpoint; its signing secret is in this response only
         * @description Calls the `webhookEndpoints.create` procedure (the same as `/trpc/webhookEndpoints.create`).
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpointId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change an endpoint's URL, description, event types or status
         * @description Calls the `webhookEndpoints.update` procedure (the same as `/trpc/webhookEndpoints.update`).
         */
        post: operations["updateWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpointId}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove an endpoint and revoke its secrets
         * @description Calls the `webhookEndpoints.delete` procedure (the same as `/trpc/webhookEndpoints.delete`).
         */
        post: operations["deleteWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpointId}/rotate_secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret; the old one still signs during the grace period
         * @description Calls the `webhookEndpoints.rotateSecret` procedure (the same as `/trpc/webhookEndpoints.rotateSecret`).
         */
        post: operations["rotateWebhookEndpointSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{endpointId}/listen_results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A ducat listen session reports what forwarding one delivery gave
         * @description Calls the `webhookEndpoints.listenResult` procedure (the same as `/trpc/webhookEndpoints.listenResult`).
         */
        post: operations["recordListenResult"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events sent in the last 30 days, newest first (by type, order, period)
         * @description Calls the `events.list` procedure (the same as `/trpc/events.list`).
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One event with its deliveries
         * @description Calls the `events.get` procedure (the same as `/trpc/events.get`).
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{eventId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an event again now, to one endpoint or every subscribed one
         * @description Calls the `events.resend` procedure (the same as `/trpc/events.resend`).
         */
        post: operations["resendEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The key's mode's campaigns, newest first
         * @description Calls the `campaigns.list` procedure (the same as `/trpc/campaigns.list`).
         */
        get: operations["listCampaigns"];
        put?: never;
        /**
         * Create a campaign (a checkout discount with a budget)
         * @description Calls the `campaigns.create` procedure (the same as `/trpc/campaigns.create`).
         */
        post: operations["createCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{campaignId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one campaign, with its budget reserved and remaining
         * @description Calls the `campaigns.get` procedure (the same as `/trpc/campaigns.get`).
         */
        get: operations["getCampaign"];
        put?: never;
        /**
         * Edit a campaign that has not ended
         * @description Calls the `campaigns.update` procedure (the same as `/trpc/campaigns.update`).
         */
        post: operations["updateCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{campaignId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a campaign (checkouts stop getting its discount)
         * @description Calls the `campaigns.pause` procedure (the same as `/trpc/campaigns.pause`).
         */
        post: operations["pauseCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{campaignId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused campaign, or launch a draft
         * @description Calls the `campaigns.resume` procedure (the same as `/trpc/campaigns.resume`).
         */
        post: operations["resumeCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/campaigns/{campaignId}/end": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a campaign for good
         * @description Calls the `campaigns.end` procedure (the same as `/trpc/campaigns.end`).
         */
        post: operations["endCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The merchant settings: return URL, IPN URL, widget origins, checkout branding
         * @description Calls the `settings.get` procedure (the same as `/trpc/settings.get`).
         */
        get: operations["getSettings"];
        put?: never;
        /**
         * Change some merchant settings (only the fields sent; null clears one)
         * @description Calls the `settings.update` procedure (the same as `/trpc/settings.update`).
         */
        post: operations["updateSettings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Order: {
            id: string;
            merchantId: string;
            /** @enum {string} */
            mode: "test" | "live";
            reference: string;
            /** @description What the shopper is charged: `grossAmount` less `discountAmount`. */
            amount: number;
            /** @description What you asked for when you created the order. */
            grossAmount: number;
            /** @description The campaign discount you give on this order (0 without one); you receive `amount`. */
            discountAmount: number;
            /** @description The campaign whose discount the order holds, or null. */
            campaignId: string | null;
            /** @description Bonus points earned with this order (bonus points are not available yet: 0). */
            pointsEarned: number;
            /** @description Bonus points the shopper paid with (bonus points are not available yet: 0). */
            pointsRedeemed: number;
            currency: string;
            description: string | null;
            items: {
                name: string;
                quantity: number;
                unitAmount: number;
            }[] | null;
            returnUrl: string;
            cancelUrl: string;
            metadata: {
                [key: string]: string;
            } | null;
            /** @enum {string} */
            status: "created" | "checkout_success" | "error_checkout" | "reject_risk_service" | "timeout" | "exception_checkout" | "refunded" | "partially_refunded" | "cancelled";
            version: number;
            expiresAt: string;
            paymentMethod: ("wallet" | "provider") | null;
            capturedAmount: number;
            feeAmount: number;
            refundedAmount: number;
            failureCode: string | null;
            createdAt: string;
            updatedAt: string;
            finalAt: string | null;
            /** @description Set on an `exception_checkout` order (a payment that arrived after the order expired) once platform staff resolved it: `refunded` (the money went back to the shopper) or `honoured` (the order is then `checkout_success`). Null otherwise. */
            exceptionResolution: ("refunded" | "honoured") | null;
            archived: boolean;
        };
        CheckoutLink: {
            token: string;
            url: string;
            expiresAt: string;
        };
        Refund: {
            id: string;
            orderId: string;
            amount: number;
            currency: string;
            reason: string | null;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            failureCode: string | null;
            createdAt: string;
        };
        Payout: {
            id: string;
            amount: number;
            currency: string;
            provider: string;
            /** @enum {string} */
            status: "pending" | "paid" | "failed";
            failureCode: string | null;
            createdAt: string;
            updatedAt: string;
        };
        Balance: {
            currency: string;
            balance: number;
            pending: number;
            available: number;
        };
        WebhookEndpoint: {
            /** @description `we_…`. */
            id: string;
            /** @enum {string} */
            mode: "test" | "live";
            url: string;
            description: string;
            enabledEvents: string[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /**
             * @description `cli`: the temporary endpoint of a `ducat listen` session.
             * @enum {string}
             */
            kind: "http" | "cli";
            /** @description The IPN URL of your profile (signed with your merchant-wide webhook secret). */
            primary: boolean;
            createdAt: string;
            updatedAt: string;
        };
        Event: {
            id: string;
            type: string;
            created: number;
            livemode: boolean;
            seq: number;
            data: {
                order?: {
                    [key: string]: unknown;
                };
                refund?: {
                    [key: string]: unknown;
                };
                payout?: {
                    [key: string]: unknown;
                };
            };
            /** @enum {string} */
            mode: "test" | "live";
            orderId: string | null;
            createdAt: string;
        };
        EventDelivery: {
            id: string;
            eventId: string;
            /** @enum {string} */
            mode: "test" | "live";
            endpointId: string | null;
            orderId: string | null;
            type: string;
            seq: number;
            url: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            attempts: number;
            nextAttemptAt: string | null;
            giveUpAt: string;
            lastStatusCode: number | null;
            lastError: string | null;
            createdAt: string;
            deliveredAt: string | null;
        };
        EventDeliveryAttempt: {
            id: number;
            deliveryId: string;
            attemptedAt: string;
            /** @enum {string} */
            trigger: "schedule" | "manual";
            statusCode: number | null;
            latencyMs: number;
            responseExcerpt: string | null;
            error: string | null;
        };
        EventResend: {
            endpointId: string;
            deliveryId: string;
            attempt: components["schemas"]["EventDeliveryAttempt"] | null;
            delivered: boolean;
        };
        Campaign: {
            id: string;
            /** @enum {string} */
            mode: "test" | "live";
            name: string;
            /** @enum {string} */
            state: "draft" | "scheduled" | "active" | "paused" | "ended";
            startsAt: string;
            endsAt: string;
            /** @enum {string} */
            audience: "all" | "first_order" | "min_points";
            minPoints: number;
            reward: {
                /** @constant */
                type: "discount_percent";
                basisPoints: number;
            } | {
                /** @constant */
                type: "discount_fixed";
                amount: number;
            };
            capPerOrder: number | null;
            currency: string;
            budget: {
                total: number;
                reserved: number;
                remaining: number;
            };
            codes: string[];
            createdAt: string;
            updatedAt: string;
        };
        MerchantSettings: {
            merchantId: string;
            callbackUrl: string;
            ipnUrl: string;
            allowedOrigins: string[];
            signatureThreshold: number | null;
            maxFailedAttempts: number;
            displayName: string | null;
            brandColor: string | null;
            supportEmail: string | null;
            supportUrl: string | null;
            termsUrl: string | null;
            privacyUrl: string | null;
            logoUrl: string | null;
            version: number;
            updatedAt: string;
        };
        Error: {
            error: {
                /** @description A stable code (see errors.ts); switch on it. */
                code: string;
                message: string;
                requestId: string;
                field?: string;
                issues?: {
                    path: string;
                    message: string;
                }[];
                details?: {
                    [key: string]: unknown;
                };
                docUrl?: string;
            };
        };
        CreateOrderResponse: {
            order: components["schemas"]["Order"];
            checkout: components["schemas"]["CheckoutLink"];
        };
        ListOrdersResponse: {
            orders: components["schemas"]["Order"][];
            nextCursor: string | null;
        };
        ListRefundsResponse: components["schemas"]["Refund"][];
        ListPayoutsResponse: {
            payouts: components["schemas"]["Payout"][];
            nextCursor: string | null;
        };
        GetBalanceResponse: components["schemas"]["Balance"][];
        WhoamiResponse: {
            merchantId: string;
            /** @enum {string} */
            mode: "test" | "live";
            credentialId: string;
        };
        GetReportResponse: {
            /** @enum {string} */
            format: "json" | "csv";
            contentType: string;
            body: string;
            signature: string;
        };
        ListWebhookEndpointsResponse: components["schemas"]["WebhookEndpoint"][];
        CreateWebhookEndpointResponse: {
            endpoint: components["schemas"]["WebhookEndpoint"];
            secret: string;
        };
        RotateWebhookEndpointSecretResponse: {
            endpoint: components["schemas"]["WebhookEndpoint"];
            secret: string;
            graceUntil: string | null;
        };
        RecordListenResultResponse: {
            /** @enum {string} */
            status: "delivered" | "failed";
        };
        ListEventsResponse: {
            items: components["schemas"]["Event"][];
            nextCursor: string | null;
        };
        GetEventResponse: {
            event: components["schemas"]["Event"];
            deliveries: components["schemas"]["EventDelivery"][];
        };
        ResendEventResponse: components["schemas"]["EventResend"][];
        ListCampaignsResponse: {
            campaigns: components["schemas"]["Campaign"][];
        };
        CreateOrderRequest: {
            /** @description Your own id for the order: unique per merchant and mode, printable ASCII, no spaces. */
            reference: string;
            /** @description Minor units (integer): 2500 EUR is 25.00 €. */
            amount: number;
            /** @description ISO 4217, e.g. `EUR`. */
            currency: string;
            description?: string;
            items?: {
                name: string;
                quantity: number;
                unitAmount: number;
            }[];
            /**
             * Format: uri
             * @description Where the shopper lands after paying, with signed parameters (see `callbacks.verify`).
             */
            returnUrl: string;
            /**
             * Format: uri
             * @description Where the shopper goes when they give up.
             */
            cancelUrl: string;
            /** @description How long the shopper has to pay, in seconds: at least 300 and at most the platform maximum (7 days by default); the platform default (60 minutes unless staff changed it) when absent. */
            expiresInSeconds?: number;
            /** @description Up to 20 string pairs, returned with the order and in IPNs. */
            metadata?: {
                [key: string]: string;
            };
            signature?: string;
        };
        CreateRefundRequest: {
            /** @description Minor units; the whole refundable rest when absent. */
            amount?: number;
            reason?: string;
        };
        CreatePayoutRequest: {
            amount: number;
            currency: string;
            /** @default sandbox */
            provider?: string;
            /**
             * @description Where the provider sends the money, e.g. a bank account token.
             * @default {}
             */
            destination?: {
                [key: string]: string;
            };
        };
        CreateWebhookEndpointRequest: {
            /** Format: uri */
            url: string;
            description?: string;
            /** @description Event types to receive; `['*']` (the default): all, also types added later. */
            enabledEvents?: ("*" | ("order.checkout_success" | "order.error_checkout" | "order.payment_failed" | "order.reject_risk_service" | "order.timeout" | "order.exception_checkout" | "order.exception_resolved" | "order.refunded" | "order.partially_refunded" | "order.cancelled" | "order.reconciliation_difference" | "refund.succeeded" | "refund.failed" | "payout.paid" | "payout.failed"))[];
        };
        UpdateWebhookEndpointRequest: {
            /** Format: uri */
            url?: string;
            description?: string;
            enabledEvents?: ("*" | ("order.checkout_success" | "order.error_checkout" | "order.payment_failed" | "order.reject_risk_service" | "order.timeout" | "order.exception_checkout" | "order.exception_resolved" | "order.refunded" | "order.partially_refunded" | "order.cancelled" | "order.reconciliation_difference" | "refund.succeeded" | "refund.failed" | "payout.paid" | "payout.failed"))[];
            /** @enum {string} */
            status?: "enabled" | "disabled";
        };
        RotateWebhookEndpointSecretRequest: {
            graceSeconds?: number;
        };
        RecordListenResultRequest: {
            deliveryId: string;
            statusCode: number | null;
            latencyMs: number;
            /** @default null */
            error?: string | null;
        };
        ResendEventRequest: {
            endpointId?: string;
        };
        CreateCampaignRequest: {
            name: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: date-time */
            endsAt: string;
            /**
             * @default all
             * @enum {string}
             */
            audience?: "all" | "first_order" | "min_points";
            /** @default 0 */
            minPoints?: number;
            reward: {
                /** @constant */
                type: "discount_percent";
                basisPoints: number;
            } | {
                /** @constant */
                type: "discount_fixed";
                amount: number;
            };
            /**
             * @description The most one order gets off (minor units); null or absent: no cap.
             * @default null
             */
            capPerOrder?: number | null;
            currency: string;
            /** @description Total discount the campaign may give, minor units of `currency`. */
            budget: number;
            /**
             * @description Codes a shopper types (upper case); a campaign with codes applies only to orders that type one.
             * @default []
             */
            codes?: string[];
            /**
             * @description Keep it a draft (not applied until `resume`); default: scheduled, active in its window.
             * @default false
             */
            draft?: boolean;
        };
        UpdateCampaignRequest: {
            name?: string;
            /** Format: date-time */
            startsAt?: string;
            /** Format: date-time */
            endsAt?: string;
            /** @enum {string} */
            audience?: "all" | "first_order" | "min_points";
            minPoints?: number;
            reward?: {
                /** @constant */
                type: "discount_percent";
                basisPoints: number;
            } | {
                /** @constant */
                type: "discount_fixed";
                amount: number;
            };
            capPerOrder?: number | null;
            budget?: number;
            codes?: string[];
        };
        UpdateSettingsRequest: {
            /**
             * Format: uri
             * @description Where shoppers come back after paying (orders may name their own).
             */
            callbackUrl?: string;
            /**
             * Format: uri
             * @description The primary IPN endpoint's URL (the other endpoints are managed as webhook endpoints).
             */
            ipnUrl?: string;
            /** @description Origins (scheme://host[:port]) that may embed the checkout widget. */
            allowedOrigins?: string[];
            /** @description Orders above this amount (minor units) must carry a body signature; null: never. */
            signatureThreshold?: number | null;
            maxFailedAttempts?: number;
            displayName?: string | null;
            brandColor?: string | null;
            supportEmail?: string | null;
            supportUrl?: string | null;
            termsUrl?: string | null;
            privacyUrl?: string | null;
        };
    };
    responses: {
        /** @description Refused. `error.code` is one of: `bad_request`, `validation_failed`, `idempotency_key_invalid`, `currency_unsupported`, `amount_not_positive`, `amount_too_large`, `same_account`, `json_invalid`, `email_token_invalid`, `error_signature`, `order_signature_required`, `order_signature_invalid`, `ipn_cursor_invalid`, `provider_signature_invalid`, `provider_payload_invalid`, `settlement_file_invalid`, `report_period_invalid`. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `unauthorized`, `jwt_missing`, `jwt_malformed`, `jwt_algorithm_unsupported`, `jwt_signature_invalid`, `jwt_expired`, `jwt_not_yet_valid`, `jwt_lifetime_too_long`, `jwt_audience_invalid`, `jwt_replayed`, `merchant_unknown`, `merchant_key_revoked`, `merchant_key_expired`, `invalid_credentials`, `session_required`. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `forbidden`, `merchant_inactive`, `csrf_invalid`, `account_locked`. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `not_found`, `account_not_found`, `transfer_not_found`, `order_not_found`, `exception_not_found`, `payout_not_found`, `campaign_not_found`, `campaign_code_invalid`, `card_not_found`, `webhook_endpoint_not_found`, `event_not_found`, `provider_unknown`, `provider_payment_unknown`, `recon_difference_not_found`, `recon_run_not_found`, `risk_hold_not_found`, `job_unknown`. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `conflict`, `idempotency_key_in_use`, `transfer_not_pending`, `transfer_already_posted`, `transfer_already_voided`, `transfer_expired`, `ledger_check_running`, `merchant_status_invalid`, `merchant_not_active`, `email_taken`, `order_busy`, `order_reference_taken`, `order_not_cancellable`, `order_not_refundable`, `order_archived`, `exception_resolved`, `campaign_state_invalid`, `campaign_code_taken`, `campaign_not_active`, `campaign_budget_exhausted`, `discount_locked`, `ipn_delivery_in_flight`, `webhook_endpoint_primary`, `webhook_endpoint_limit`, `recon_difference_resolved`, `recon_difference_open`, `risk_review_required`, `risk_review_pending`, `risk_hold_resolved`, `risk_rules_stale`, `settings_stale`, `provider_disabled`, `provider_name_taken`. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `payload_too_large`. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `content_type_invalid`. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `idempotency_key_reused`, `unprocessable`, `insufficient_funds`, `currency_mismatch`, `account_closed`, `refund_exceeds_captured`, `campaign_not_eligible`, `deposit_declined`, `provider_declined`, `provider_mode_mismatch`, `report_too_large`. */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused. `error.code` is one of: `rate_limited`. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait before retrying. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description An unexpected failure (`internal_error`, `service_unavailable`, …); retry later. */
        Unexpected: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /** @description Makes a retry safe: the first result is recorded and replayed (with `Idempotent-Replayed: true`); the same key with other parameters is `idempotency_key_reused`. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    listOrders: {
        parameters: {
            query?: {
                status?: "created" | "checkout_success" | "error_checkout" | "reject_risk_service" | "timeout" | "exception_checkout" | "refunded" | "partially_refunded" | "cancelled";
                reference?: string;
                createdFrom?: string;
                createdTo?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListOrdersResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the first result is recorded and replayed (with `Idempotent-Replayed: true`); the same key with other parameters is `idempotency_key_reused`. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrderRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Present (`true`) when this is the recorded answer to an earlier request with the same Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateOrderResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    listRefunds: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListRefundsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    createRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the first result is recorded and replayed (with `Idempotent-Replayed: true`); the same key with other parameters is `idempotency_key_reused`. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateRefundRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Present (`true`) when this is the recorded answer to an earlier request with the same Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    listPayouts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListPayoutsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    createPayout: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: the first result is recorded and replayed (with `Idempotent-Replayed: true`); the same key with other parameters is `idempotency_key_reused`. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePayoutRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description Present (`true`) when this is the recorded answer to an earlier request with the same Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payout"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    getBalance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetBalanceResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    whoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WhoamiResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    getReport: {
        parameters: {
            query: {
                from: string;
                to: string;
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under a webhook secret>`, one v1 per valid secret; verify like an IPN. */
                    "Ducat-Signature"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                    "text/csv": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListWebhookEndpointsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpointRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreateWebhookEndpointResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpointRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    rotateWebhookEndpointSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateWebhookEndpointSecretRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotateWebhookEndpointSecretResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    recordListenResult: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                endpointId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordListenResultRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordListenResultResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                type?: "order.checkout_success" | "order.error_checkout" | "order.payment_failed" | "order.reject_risk_service" | "order.timeout" | "order.exception_checkout" | "order.exception_resolved" | "order.refunded" | "order.partially_refunded" | "order.cancelled" | "order.reconciliation_difference" | "refund.succeeded" | "refund.failed" | "payout.paid" | "payout.failed";
                orderId?: string;
                from?: string;
                to?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEventsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetEventResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    resendEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ResendEventRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResendEventResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    listCampaigns: {
        parameters: {
            query?: {
                state?: "draft" | "scheduled" | "active" | "paused" | "ended";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListCampaignsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    createCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCampaignRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    getCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    updateCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateCampaignRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    pauseCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    resumeCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    endCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    getSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantSettings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
    updateSettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateSettingsRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantSettings"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            429: components["responses"]["RateLimited"];
            default: components["responses"]["Unexpected"];
        };
    };
}
