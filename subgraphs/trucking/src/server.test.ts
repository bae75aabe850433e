import { describeOverHttp } from '@attunelogic/shared/testing';
import { startHarness, TEST_SECRET } from './testing';

describeOverHttp({
  name: 'trucking',
  appType: 'trucking',
  secret: TEST_SECRET,
  startHarness: () => startHarness(),
  query: '{ vehicles { totalCount } }',
  answer: { vehicles: { totalCount: 0 } },
});
