import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';
import { eventsPlugin } from '@attunelogic/shared/events';

/** A partner's endpoint (collection `webhookendpoints`, read by the event relay's dispatcher too). */
export interface WebhookEndpointDocument extends TenantOwned {
  url: string;
  eventTypes: string[];
  description: string | null;
  /** The signing secret (`whsec_…`): the relay needs it to sign, so it is stored; it is never read back through GraphQL. */
  secret: string;
  active: boolean;
  disabledReason: string | null;
  /** Kept by the dispatcher for the auto-disable rule (docs/EVENTS.md): the first failure since the last success, and deliveries parked in a row. */
  failingSince?: Date | null;
  consecutiveParked?: number;
  createdBy: mongoose.Types.ObjectId;
  createdAt: Date;
}

const webhookEndpointSchema = new mongoose.Schema<WebhookEndpointDocument>({
  url: { type: String, required: true },
  eventTypes: { type: [String], required: true },
  description: { type: String, default: null },
  secret: { type: String, required: true },
  active: { type: Boolean, required: true, default: true },
  disabledReason: { type: String, default: null },
  failingSince: { type: Date, default: null },
  consecutiveParked: { type: Number, default: 0 },
  createdBy: { type: mongoose.Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
});
webhookEndpointSchema.plugin(tenantPlugin);
// The dispatcher disables an endpoint with its webhook_endpoint.disabled event in the same write.
webhookEndpointSchema.plugin(eventsPlugin);
webhookEndpointSchema.index({ parentCompany: 1, createdAt: -1 });

export type WebhookEndpointModel = Model<WebhookEndpointDocument>;

export const webhookEndpointModel = (connection: Connection): WebhookEndpointModel =>
  (connection.models['WebhookEndpoint'] as WebhookEndpointModel | undefined) ?? connection.model<WebhookEndpointDocument>('WebhookEndpoint', webhookEndpointSchema);
