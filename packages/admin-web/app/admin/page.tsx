import { redirect } from 'next/navigation';

// The platform area opens on its dashboard.
export default function AdminHome() {
  redirect('/admin/dashboard');
}
