export { subgraph } from './subgraph';
export { createTruckingServer, type TruckingServerDeps } from './server';
export { loadTruckingConfig, truckingEnv, type TruckingConfig } from './env';
export { createTruckingModels, type TruckingContext, type TruckingModels } from './models';
export { seedTrucking } from './seed';
