import { apiErrorOf, createServerClient, type DucatClient } from '@ducat/web-kit';
import { cookies } from 'next/headers';
import { cache } from 'react';
import type { StaffMember } from './api-types';
import { env } from './env';

/** The API as the browser's session sees it, for server components (the staff cookie forwarded). */
export async function serverApi(): Promise<DucatClient> {
  const jar = await cookies();
  const cookie = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join('; ');
  return createServerClient({ apiUrl: env.DUCAT_API_URL, cookie });
}

export type StaffSession = { me: StaffMember; csrfToken: string };

/**
 * The signed-in staff member and their session's CSRF token, or null when nobody is signed in.
 * Cached per request, so the layout and the page share one look-up.
 */
export const staffSession = cache(async (): Promise<StaffSession | null> => {
  const jar = await cookies();
  if (!jar.get('ducat_staff_session')) return null;
  const api = await serverApi();
  try {
    const [me, session] = await Promise.all([api.admin.me.query(), api.admin.session.query()]);
    return { me, csrfToken: session.csrfToken };
  } catch (error) {
    const { code } = apiErrorOf(error);
    if (code === 'session_required') return null;
    throw error;
  }
});
