import { Typography } from 'antd';
import { WorkList } from '../components/WorkList';
import { useSession } from '../shell/session';

/** Phê duyệt: the submitted steps waiting for the person's decision; each opens in the drawer to approve or return. */
export function ApprovalsPage() {
  const { refresh } = useSession();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Phê duyệt
      </Typography.Title>
      <WorkList source="approvals" onChanged={() => void refresh()} />
    </>
  );
}
