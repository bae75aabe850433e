import { type Resolvers } from '../generated/resolvers';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  replayWebhookDeliveries,
  replayWebhookDelivery,
  setWebhookEndpointActive,
  updateWebhookEndpoint,
  webhookEventTypes,
} from './webhooks.service';

export const webhookResolvers = {
  Query: {
    webhookEndpoints: (_parent, args, ctx) => listWebhookEndpoints(ctx, args),
    webhookEventTypes: (_parent, _args, ctx) => webhookEventTypes(ctx),
    webhookDeliveries: (_parent, args, ctx) => listWebhookDeliveries(ctx, args),
  },
  Mutation: {
    createWebhookEndpoint: (_parent, args, ctx) => createWebhookEndpoint(ctx, args.input),
    updateWebhookEndpoint: (_parent, args, ctx) => updateWebhookEndpoint(ctx, args.id, args.input),
    disableWebhookEndpoint: (_parent, args, ctx) => setWebhookEndpointActive(ctx, args.id, false),
    enableWebhookEndpoint: (_parent, args, ctx) => setWebhookEndpointActive(ctx, args.id, true),
    deleteWebhookEndpoint: (_parent, args, ctx) => deleteWebhookEndpoint(ctx, args.id),
    replayWebhookDelivery: (_parent, args, ctx) => replayWebhookDelivery(ctx, args.id),
    replayWebhookDeliveries: (_parent, args, ctx) => replayWebhookDeliveries(ctx, args),
  },
  WebhookEndpoint: {
    id: (endpoint) => endpoint._id.toHexString(),
    createdAt: (endpoint) => endpoint.createdAt.toISOString(),
  },
  WebhookDelivery: {
    id: (delivery) => delivery._id.toHexString(),
    endpointId: (delivery) => delivery.endpoint.toHexString(),
    occurredAt: (delivery) => delivery.occurredAt.toISOString(),
    nextAttemptAt: (delivery) => delivery.nextAttemptAt?.toISOString() ?? null,
    lastAttemptAt: (delivery) => delivery.lastAttemptAt?.toISOString() ?? null,
    succeededAt: (delivery) => delivery.succeededAt?.toISOString() ?? null,
    createdAt: (delivery) => delivery.createdAt.toISOString(),
  },
} satisfies Resolvers;
