import { type Connection } from 'mongoose';
import { createCoreUserModel, type CoreUserModel } from '@attunelogic/shared';
import { type SubgraphContext } from '@attunelogic/shared/subgraph';
import { agreementOccurrenceModel, serviceAgreementModel, type AgreementOccurrenceModel, type ServiceAgreementModel } from './agreements/agreements.model';
import { attachmentModel, type AttachmentModel } from './attachments/attachments.model';
import { checklistTemplateModel, type ChecklistTemplateModel } from './checklists/checklists.model';
import { counterModel, type CounterModel } from '@attunelogic/shared/mongo';
import { customerModel, type CustomerModel } from './customers/customers.model';
import {
  inventoryItemModel,
  inventoryLocationModel,
  stockModel,
  type InventoryItemModel,
  type InventoryLocationModel,
  type StockModel,
} from './inventory/inventory.model';
import { invoiceModel, type InvoiceModel } from './invoices/invoices.model';
import { quoteModel, type QuoteModel } from './quotes/quotes.model';
import { serviceAreaModel, type ServiceAreaModel } from './service-areas/service-areas.model';
import { technicianModel, type TechnicianModel } from './technicians/technicians.model';
import { workOrderModel, type WorkOrderModel } from './work-orders/work-orders.model';

export interface ServiceModels {
  readonly Counter: CounterModel;
  readonly ServiceArea: ServiceAreaModel;
  readonly Customer: CustomerModel;
  readonly Technician: TechnicianModel;
  readonly WorkOrder: WorkOrderModel;
  readonly InventoryItem: InventoryItemModel;
  readonly InventoryLocation: InventoryLocationModel;
  readonly Stock: StockModel;
  readonly Quote: QuoteModel;
  readonly Invoice: InvoiceModel;
  readonly ServiceAgreement: ServiceAgreementModel;
  /** The claims on agreements' occurrences: one work order per occurrence. */
  readonly AgreementOccurrence: AgreementOccurrenceModel;
  readonly ChecklistTemplate: ChecklistTemplateModel;
  /** Photos, signatures and documents attached to work orders (their bytes in the documents storage). */
  readonly Attachment: AttachmentModel;
  /** Core's users, read-only and tenant-scoped: a profile is only linked to one of the tenant's users. */
  readonly CoreUser: CoreUserModel;
}

/** Every model of the service subgraph on one connection; safe to call again on the same connection. */
export function createServiceModels(connection: Connection, coreConnection: Connection = connection): ServiceModels {
  return {
    CoreUser: createCoreUserModel(coreConnection),
    Counter: counterModel(connection),
    ServiceArea: serviceAreaModel(connection),
    Customer: customerModel(connection),
    Technician: technicianModel(connection),
    WorkOrder: workOrderModel(connection),
    InventoryItem: inventoryItemModel(connection),
    InventoryLocation: inventoryLocationModel(connection),
    Stock: stockModel(connection),
    Quote: quoteModel(connection),
    Invoice: invoiceModel(connection),
    ServiceAgreement: serviceAgreementModel(connection),
    AgreementOccurrence: agreementOccurrenceModel(connection),
    ChecklistTemplate: checklistTemplateModel(connection),
    Attachment: attachmentModel(connection),
  };
}

/** What the service subgraph's resolvers receive. */
export type ServiceContext = SubgraphContext<ServiceModels>;
