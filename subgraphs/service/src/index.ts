export { subgraph } from './subgraph';
export { createServiceServer, type ServiceServerDeps } from './server';
export { loadServiceConfig, serviceEnv, type ServiceConfig } from './env';
export { createServiceModels, type ServiceContext, type ServiceModels } from './models';
export { seedService } from './seed';
