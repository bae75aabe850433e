import { describeOverHttp } from '@attunelogic/shared/testing';
import { startHarness, TEST_KEYS } from './testing';

describeOverHttp({
  name: 'trucking',
  appType: 'trucking',
  privateKey: TEST_KEYS.privateKey,
  startHarness: () => startHarness(),
  query: '{ vehicles { totalCount } }',
  answer: { vehicles: { totalCount: 0 } },
});
