import { PageHeader, PageTitle } from '@ducat/ui';
import { PlatformSettings } from '@/components/admin/platform-settings';

export default function SettingsPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Settings</PageTitle>
      </PageHeader>
      <p className="muted">Every change is versioned, audited and announced as an event.</p>
      <PlatformSettings />
    </>
  );
}
