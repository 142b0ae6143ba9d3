import { MerchantSettings } from '@/components/merchant/merchant-settings';

export default function SettingsPage() {
  return (
    <>
      <h1>Settings</h1>
      <MerchantSettings />
    </>
  );
}
