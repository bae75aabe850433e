import { describeOverHttp } from '@attunelogic/shared/testing';
import { startHarness, TEST_SECRET } from './testing';

describeOverHttp({
  name: 'service',
  appType: 'serviceRepair',
  secret: TEST_SECRET,
  startHarness: () => startHarness(),
  query: '{ workOrders { totalCount } }',
  answer: { workOrders: { totalCount: 0 } },
});
