import { type ApiClient, apiErrorCode, createServerApiClient } from '@ducat/web-kit';
import { cookies, headers } from 'next/headers';
import { cache } from 'react';
import type { StaffMember } from './api-types';
import { env } from './env';

/** The API as the browser's session sees it, for server components (cookie and address forwarded). */
export async function serverApi(): Promise<ApiClient> {
  return createServerApiClient({ apiUrl: env.DUCAT_API_URL, requestHeaders: await headers() });
}

export type StaffSession = { me: StaffMember; csrfToken: string };

/**
 * The signed-in staff member and their session's CSRF token, or null when nobody is signed in.
 * Cached per request, so the layout and the page share one look-up.
 */
export const staffSession = cache(async (): Promise<StaffSession | null> => {
  const jar = await cookies();
  // `__Host-` where the API made the cookie Secure (https), the plain name otherwise.
  if (!jar.get('__Host-ducat_staff_session') && !jar.get('ducat_staff_session')) return null;
  const api = await serverApi();
  try {
    const [me, session] = await Promise.all([api.admin.me.query(), api.admin.session.query()]);
    return { me, csrfToken: session.csrfToken };
  } catch (error) {
    if (apiErrorCode(error) === 'session_required') return null;
    throw error;
  }
});
