import mongoose, { type Connection, type Model } from 'mongoose';
import { tenantPlugin, type TenantOwned } from '@attunelogic/shared/mongo';

/** A partner's endpoint (collection `webhookendpoints`, read by the event relay's dispatcher too). */
export interface WebhookEndpointDocument extends TenantOwned {
  url: string;
  eventTypes: string[];
  description: string | null;
  /** The signing secret (`whsec_…`): the relay needs it to sign, so it is stored; it is never read back through GraphQL. */
  secret: string;
  active: boolean;
  disabledReason: string | null;
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
  createdBy: { type: mongoose.Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
});
webhookEndpointSchema.plugin(tenantPlugin);
webhookEndpointSchema.index({ parentCompany: 1, createdAt: -1 });

export type WebhookEndpointModel = Model<WebhookEndpointDocument>;

export const webhookEndpointModel = (connection: Connection): WebhookEndpointModel =>
  (connection.models['WebhookEndpoint'] as WebhookEndpointModel | undefined) ?? connection.model<WebhookEndpointDocument>('WebhookEndpoint', webhookEndpointSchema);
