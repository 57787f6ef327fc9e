import { Typography } from 'antd';
import { WorkList } from '../components/WorkList';
import { useSession } from '../shell/session';

/** Việc của tôi: the person's open steps across plans, soonest due first. */
export function MyWorkPage() {
  const { refresh } = useSession();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        Việc của tôi
      </Typography.Title>
      <WorkList source="my-work" onChanged={() => void refresh()} />
    </>
  );
}
