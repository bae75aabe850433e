export { createServiceResolvers, subgraph } from './subgraph';
export { DEFAULT_SERVICE_SETTINGS, serviceSettings, type ServiceSettings } from './settings';
export { createServiceServer, type ServiceServerDeps } from './server';
export { loadServiceConfig, serviceEnv, type ServiceConfig } from './config';
export { createServiceModels, type ServiceContext, type ServiceModels } from './models';
export { seedService } from './seed';
