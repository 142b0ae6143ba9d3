'use client';

import type { AppRouter } from '@ducat/server';
import { apiErrorOf, createBrowserClient } from '@ducat/web-kit';
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
            // A refusal (4xx) will not change on retry; a network blip or 5xx may.
            retry: (failures, error) =>
              failures < 1 && (apiErrorOf(error).httpStatus ?? 500) >= 500,
          },
          mutations: { retry: false },
        },
      }),
  );
  const [client] = useState(() => createBrowserClient({ getCsrfToken: () => csrfToken }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
