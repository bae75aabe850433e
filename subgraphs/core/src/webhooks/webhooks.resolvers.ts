import { type Resolvers } from '../generated/resolvers';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  setWebhookEndpointActive,
  updateWebhookEndpoint,
  webhookEventTypes,
} from './webhooks.service';

export const webhookResolvers = {
  Query: {
    webhookEndpoints: (_parent, args, ctx) => listWebhookEndpoints(ctx, args),
    webhookEventTypes: (_parent, _args, ctx) => webhookEventTypes(ctx),
  },
  Mutation: {
    createWebhookEndpoint: (_parent, args, ctx) => createWebhookEndpoint(ctx, args.input),
    updateWebhookEndpoint: (_parent, args, ctx) => updateWebhookEndpoint(ctx, args.id, args.input),
    disableWebhookEndpoint: (_parent, args, ctx) => setWebhookEndpointActive(ctx, args.id, false),
    enableWebhookEndpoint: (_parent, args, ctx) => setWebhookEndpointActive(ctx, args.id, true),
    deleteWebhookEndpoint: (_parent, args, ctx) => deleteWebhookEndpoint(ctx, args.id),
  },
  WebhookEndpoint: {
    id: (endpoint) => endpoint._id.toHexString(),
    createdAt: (endpoint) => endpoint.createdAt.toISOString(),
  },
} satisfies Resolvers;
