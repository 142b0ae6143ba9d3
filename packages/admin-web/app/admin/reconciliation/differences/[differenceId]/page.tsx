import { DifferenceDetail } from '@/components/admin/recon-difference-detail';

export default async function DifferencePage({
  params,
}: {
  params: Promise<{ differenceId: string }>;
}) {
  const { differenceId } = await params;
  return <DifferenceDetail differenceId={differenceId} />;
}
