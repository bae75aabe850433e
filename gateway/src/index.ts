export { createGatewayServer, GRAPHQL_PATH, type GatewayServer, type GatewayDeps } from './server';
export { loadGatewayConfig, gatewayEnvKeys, type GatewayConfig } from './config';
export { type GatewayContext } from './context';
export { signDevelopmentToken, type DevelopmentTokenOptions } from './auth/dev-token';
export { readIndustrySchemas } from './industry-schemas';
export { estimateCost, schemaCosts, type SchemaCosts } from './limits/cost';
export { OPERATION_LIMITS } from './limits/operation-limits';
