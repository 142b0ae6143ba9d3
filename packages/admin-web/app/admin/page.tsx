import { redirect } from 'next/navigation';

// The dashboard joins when admin.dashboard.daily lands; until then the area opens on merchants.
export default function AdminHome() {
  redirect('/admin/merchants');
}
