import { apiErrorCode, createServerApiClient } from '@ducat/web-kit';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { env } from './env';

/** The API on behalf of the current request (its cookie and address), for server components. */
export async function serverApi() {
  return createServerApiClient({ apiUrl: env.DUCAT_API_URL, requestHeaders: await headers() });
}

export type Shopper = { id: string; email: string; name: string | null; emailVerified: boolean };

/**
 * The signed-in shopper, or null (no session, or it ended). Asked once per request however many
 * components want it (the layout's header and the page).
 */
export const currentShopper = cache(async (): Promise<Shopper | null> => {
  const api = await serverApi();
  try {
    return await api.account.me.query();
  } catch (error) {
    const code = apiErrorCode(error);
    if (code === 'session_required' || code === 'unauthorized') return null;
    throw error;
  }
});

/** The signed-in shopper, or a redirect to sign-in that comes back to `path`. */
export async function requireShopper(path: string): Promise<Shopper> {
  const shopper = await currentShopper();
  if (!shopper) redirect(`/signin?next=${encodeURIComponent(path)}`);
  return shopper;
}
