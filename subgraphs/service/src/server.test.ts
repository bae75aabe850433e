import { describeOverHttp } from '@attunelogic/shared/testing';
import { startHarness, TEST_KEYS } from './testing';

describeOverHttp({
  name: 'service',
  appType: 'serviceRepair',
  privateKey: TEST_KEYS.privateKey,
  startHarness: () => startHarness(),
  query: '{ workOrders { totalCount } }',
  answer: { workOrders: { totalCount: 0 } },
});
