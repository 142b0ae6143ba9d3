import { redirect } from 'next/navigation';
import { homeOf } from '@/lib/roles';
import { staffSession } from '@/lib/server-api';

export const dynamic = 'force-dynamic';

/** One entry point: signed-in staff go to their area, everyone else to sign-in. */
export default async function Home() {
  const session = await staffSession();
  redirect(session ? homeOf(session.me.role) : '/login');
}
