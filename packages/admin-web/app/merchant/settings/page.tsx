import { PageHeader, PageTitle } from '@ducat/ui';
import { MerchantSettings } from '@/components/merchant/merchant-settings';

export default function SettingsPage() {
  return (
    <>
      <PageHeader>
        <PageTitle>Settings</PageTitle>
      </PageHeader>
      <MerchantSettings />
    </>
  );
}
