'use client';

import type { AppRouter } from '@ducat/server';
import { apiErrorCode, createApiClient } from '@ducat/web-kit';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { type ReactNode, useState } from 'react';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * The browser's API access for the portal: react-query over the app's /trpc proxy. The CSRF token
 * comes from the server-rendered layout (read with the session cookie), never from storage.
 */
export function ApiProvider({ csrfToken, children }: { csrfToken?: string; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
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
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
