import { PlatformSettings } from '@/components/admin/platform-settings';

export default function SettingsPage() {
  return (
    <>
      <h1>Settings</h1>
      <p className="muted">Every change is versioned, audited and announced as an event.</p>
      <PlatformSettings />
    </>
  );
}
