'use client';

import type { AppRouter } from '@ducat/server';
import { type ApiClient, createApiClient } from '@ducat/web-kit';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { createContext, type ReactNode, useContext, useState } from 'react';

const trpc = createTRPCContext<AppRouter>();
/** Typed query options for React Query (`useQuery(useTRPC().wallet.balance.queryOptions())`). */
export const useTRPC = trpc.useTRPC;

type Api = { client: ApiClient; setCsrfToken(token: string | undefined): void };
const ApiContext = createContext<Api | null>(null);

/** The browser's API client (mutations with CSRF and Idempotency-Key handling). */
export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: false },
        },
      }),
  );
  const [api] = useState(() => createApiClient({ sessionPath: 'account.session' }));
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>
        <trpc.TRPCProvider trpcClient={api.client} queryClient={queryClient}>
          {children}
        </trpc.TRPCProvider>
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}

/** A fresh Idempotency-Key for one user intent (one click of "Pay", one deposit). */
export function newIdempotencyKey(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
