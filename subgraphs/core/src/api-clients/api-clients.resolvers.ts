import { type Resolvers } from '../generated/resolvers';
import { userReference } from '../users/users.service';
import { createApiClient, listApiClients, revokeApiClient, rotateApiClientSecret } from './api-clients.service';

export const apiClientResolvers = {
  Query: {
    apiClients: (_parent, args, ctx) => listApiClients(ctx, args),
  },
  Mutation: {
    createApiClient: (_parent, args, ctx) => createApiClient(ctx, args.input),
    rotateApiClientSecret: (_parent, args, ctx) => rotateApiClientSecret(ctx, args.id),
    revokeApiClient: (_parent, args, ctx) => revokeApiClient(ctx, args.id),
  },
  ApiClient: {
    id: (client) => client._id.toHexString(),
    createdBy: (client, _args, ctx) => userReference(ctx, client.createdBy.toHexString()),
    createdAt: (client) => client.createdAt.toISOString(),
    rotatedAt: (client) => client.rotatedAt?.toISOString() ?? null,
    revokedAt: (client) => client.revokedAt?.toISOString() ?? null,
  },
} satisfies Resolvers;
