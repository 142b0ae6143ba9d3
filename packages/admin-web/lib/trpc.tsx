'use client';

import type { AppRouter } from '@ducat/server';
import { Toaster, type ToastInput, useToast } from '@ducat/ui';
import { apiErrorCode, createApiClient } from '@ducat/web-kit';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * What a mutation says when it worked, as its `meta.success`: a toast's text, or a function of
 * the mutation's result and input. Every mutation that changes something a person asked for
 * should have one, so no action ends in silence.
 *
 * @example
 * trpc.merchant.ipn.resend.mutationOptions({
 *   meta: success((r) => ({ title: 'IPN resent', description: `HTTP ${r.attempt.statusCode}` })),
 * })
 */
export function success<TData, TVariables>(
  message: string | ToastInput | ((data: TData, variables: TVariables) => string | ToastInput),
): { success: unknown } {
  return { success: message };
}

type SuccessMeta =
  | string
  | ToastInput
  | ((data: unknown, variables: unknown) => string | ToastInput);

/** The audit log's query key (`trpc.admin.audit.pathKey()`), outside any component. */
const AUDIT_PATH = ['admin', 'audit'];

/** Hands the Toaster's push function to the query client's callbacks, which live outside React. */
function ToastBridge({ target }: { target: RefObject<((toast: ToastInput) => void) | null> }) {
  const toast = useToast();
  useEffect(() => {
    target.current = toast;
    return () => {
      target.current = null;
    };
  }, [toast, target]);
  return null;
}

/**
 * The browser's API access for the portal: react-query over the app's /trpc proxy. The CSRF token
 * comes from the server-rendered layout (read with the session cookie), never from storage.
 */
export function ApiProvider({ csrfToken, children }: { csrfToken?: string; children: ReactNode }) {
  const toastRef = useRef<((toast: ToastInput) => void) | null>(null);
  const [queryClient] = useState(
    (): QueryClient =>
      new QueryClient({
        mutationCache: new MutationCache({
          onSuccess: (data, variables, _context, mutation) => {
            // Every staff mutation writes its audit row in its own transaction (the domain's, or
            // the authorisation layer's generic one), so any audit trail on screen is stale the
            // moment a mutation succeeds: refetch it, or the page shows "No audit entry
            // matches" right after an approval until it is reloaded.
            void queryClient.invalidateQueries({
              predicate: (query) => {
                const [path] = query.queryKey;
                return (
                  Array.isArray(path) && path[0] === AUDIT_PATH[0] && path[1] === AUDIT_PATH[1]
                );
              },
            });
            const said = mutation.meta?.success as SuccessMeta | undefined;
            if (said === undefined) return;
            const message = typeof said === 'function' ? said(data, variables) : said;
            toastRef.current?.(
              typeof message === 'string' ? { title: message, tone: 'success' } : message,
            );
          },
        }),
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            refetchOnWindowFocus: false,
            // An answer from the API (forbidden, not found…) will not change on retry; a network
            // blip may.
            retry: (failures, error) => {
              const code = apiErrorCode(error);
              return failures < 1 && (code === undefined || code === 'network_error');
            },
          },
          mutations: { retry: false },
        },
      }),
  );
  // The token the server rendered with; the client fetches admin.session itself if it has none
  // or the API says it is stale.
  const [client] = useState(() => {
    const api = createApiClient({ sessionPath: 'admin.session' });
    api.setCsrfToken(csrfToken);
    return api.client;
  });
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <Toaster>
          <ToastBridge target={toastRef} />
          {children}
        </Toaster>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
