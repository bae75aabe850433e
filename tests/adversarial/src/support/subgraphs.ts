// The suite tests the subgraphs from outside, like tests/e2e: it may use their models directly
// (the durability test writes through them on a database of its own). This is the one place it
// imports a subgraph package.

export { createTruckingModels } from '@attunelogic/subgraph-trucking';
export { createServiceModels } from '@attunelogic/subgraph-service';
