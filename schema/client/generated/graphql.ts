/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** What an accessorial charge of a load is for. */
export type AccessorialKind =
  /** Waiting at a stop beyond the free time. */
  | 'detention'
  | 'fuel_surcharge'
  /** Paid to lumpers for unloading. */
  | 'lumper'
  /** Say what in the description. */
  | 'other';

export type AddAccessorialInput = {
  /** Minor units, 1 or more. */
  amountCents: number;
  /** At most 200 characters; required for other. */
  description?: string | null | undefined;
  kind: AccessorialKind;
};

export type AddressInput = {
  city: string;
  line1: string;
  line2?: string | null | undefined;
  postalCode: string;
  state: string;
};

export type AgreementLineInput = {
  /** 1 to 200 characters. */
  description: string;
  /** More than 0. */
  quantity: number;
  /** Minor units, 0 or more. */
  unitPriceCents: number;
};

export type AgreementTemplateInput = {
  description?: string | null | undefined;
  /** 5 to 1440; defaults to the tenant's dispatch.defaultJobDurationMinutes when the agreement is written. */
  estimatedMinutes?: number | null | undefined;
  /** At most 60 characters. */
  jobType?: string | null | undefined;
  /** At most 50. */
  lines?: Array<AgreementLineInput> | null | undefined;
  /** Defaults to normal. */
  priority?: WorkOrderPriority | null | undefined;
  requiredSkills?: Array<RequiredSkillInput> | null | undefined;
  /** 1 to 200 characters. */
  title: string;
  /** 1 to 336, at least the estimated duration; defaults to 8. */
  windowHours?: number | null | undefined;
};

/** Omitted fields stay as they are. */
export type AgreementTemplatePatch = {
  description?: string | null | undefined;
  estimatedMinutes?: number | null | undefined;
  jobType?: string | null | undefined;
  lines?: Array<AgreementLineInput> | null | undefined;
  priority?: WorkOrderPriority | null | undefined;
  requiredSkills?: Array<RequiredSkillInput> | null | undefined;
  title?: string | null | undefined;
  windowHours?: number | null | undefined;
};

/** The industry a tenant works in; it decides which features the tenant has. */
export type AppType =
  | 'serviceRepair'
  | 'trucking';

export type AttachDocumentInput = {
  kind: DocumentKind;
  loadId: string | number;
  /** A label (1 to 200 characters); the kind and the upload's type when absent. */
  name?: string | null | undefined;
  /** One of the load's stops. */
  stopId?: string | number | null | undefined;
  /** The id POST /api/v1/documents answered with. */
  uploadId: string | number;
};

export type AttachToWorkOrderInput = {
  /** One item of the work order's checklist. */
  checklistItemId?: string | number | null | undefined;
  kind: WorkOrderAttachmentKind;
  /** A label (1 to 200 characters); the kind and the upload's type when absent. */
  name?: string | null | undefined;
  /** The id POST /api/v1/documents answered with. */
  uploadId: string | number;
  workOrderId: string | number;
};

/** Where a driver or vehicle stands on the board's day. */
export type BoardAvailability =
  /** On an assigned load, not yet moving. */
  | 'assigned'
  /** No assigned or in-transit load. */
  | 'free'
  /** On a load in transit. */
  | 'in_transit'
  /** Not available: a driver on leave or inactive, a vehicle in the shop or out of service. */
  | 'unavailable';

/** Something on the board a dispatcher must resolve. */
export type BoardConflictKind =
  /** The day's planned driving exceeds what the driver has left (hours of service). */
  | 'hours_exceeded'
  /** The driver's license expires before the day ends. */
  | 'license_expired'
  /** The vehicle has critical maintenance overdue. */
  | 'maintenance_overdue'
  /** Two loads of the day whose times overlap. */
  | 'overlapping_loads';

/** Why a load was cancelled. */
export type CancellationReason =
  | 'customer_cancelled'
  | 'driver_unavailable'
  | 'duplicate'
  | 'equipment_failure'
  /** Say which in the note. */
  | 'other'
  | 'rate_dispute'
  | 'shipper_not_ready'
  | 'weather';

export type CoordinatesInput = {
  /** From -90 to 90. */
  latitude: number;
  /** From -180 to 180. */
  longitude: number;
};

export type CorrectDutyStatusInput = {
  /** ISO 8601 with a time zone. Not in the future, at most 14 days ago. */
  at: string;
  location?: CoordinatesInput | null | undefined;
  note?: string | null | undefined;
  /** Why the event is corrected. */
  reason: string;
  status: DutyStatus;
};

export type CreateApiClientInput = {
  name: string;
  /** Its scopes: at least one of admin, dispatcher, viewer; none above the caller's own role. */
  roles: Array<Role>;
};

export type CreatePartyInput = {
  defaults?: PartyLoadDefaultsInput | null | undefined;
  email?: string | null | undefined;
  /** At least one. */
  kinds: Array<PartyKind>;
  /** 0 to 20. */
  locations?: Array<PartyLocationInput> | null | undefined;
  /** 1 to 120 characters. */
  name: string;
  notes?: string | null | undefined;
  /** 0 to 365; 30 when omitted. */
  paymentTermsDays?: number | null | undefined;
  phone?: string | null | undefined;
};

export type CreateQuoteInput = {
  customerId: string | number;
  /** At most 100. */
  lines?: Array<QuoteLineInput> | null | undefined;
  /** One of the customer's locations in use; defaults to the first. */
  locationId?: string | number | null | undefined;
  /** At most 5000 characters. */
  notes?: string | null | undefined;
  /** 1 to 200 characters. */
  title: string;
};

export type CreateServiceAgreementInput = {
  customerId: string | number;
  /** ISO 8601, after startsAt. */
  endsAt?: string | null | undefined;
  /** One of the customer's locations in use; defaults to the first. */
  locationId?: string | number | null | undefined;
  /** 1 to 200 characters. */
  name: string;
  /** RRULE body with FREQ DAILY, WEEKLY, MONTHLY or YEARLY (COUNT, UNTIL, INTERVAL, BYDAY, ... allowed; no DTSTART or TZID). */
  rrule: string;
  /** ISO 8601. */
  startsAt: string;
  template: AgreementTemplateInput;
};

export type CreateVehicleInput = {
  /** Defaults to 0. */
  engineHours?: number | null | undefined;
  make: string;
  model: string;
  /** Defaults to 0. */
  odometer?: number | null | undefined;
  plate?: string | null | undefined;
  /** Defaults to active. */
  status?: VehicleStatus | null | undefined;
  /** Defaults to tractor. */
  type?: VehicleType | null | undefined;
  unitNumber: string;
  vin: string;
  year: number;
};

export type CreateWebhookEndpointInput = {
  description?: string | null | undefined;
  eventTypes: Array<string>;
  /** http(s), without credentials; private and loopback addresses are refused when delivering unless the deployment allows them. */
  url: string;
};

export type CustomerAddressInput = {
  /** 1 to 100 characters. */
  city: string;
  /** ISO 3166-1 alpha-2; defaults to US. */
  country?: string | null | undefined;
  /** 1 to 200 characters. */
  line1: string;
  line2?: string | null | undefined;
  /** For US addresses a ZIP code (ZIP+4 is cut to five digits). */
  postalCode: string;
  region?: string | null | undefined;
};

export type CustomerLocationInput = {
  address: CustomerAddressInput;
  coordinates?: GeoPointInput | null | undefined;
  /** At most 100 characters. */
  label?: string | null | undefined;
};

/** What a document of a load is. */
export type DocumentKind =
  /** Bill of lading. */
  | 'bol'
  | 'photo'
  /** Proof of delivery. */
  | 'pod'
  | 'rate_confirmation'
  | 'signature';

/** Whether a driver is working. */
export type DriverStatus =
  | 'active'
  | 'inactive'
  | 'on_leave'
  /** Left the company: kept for history, hidden from pickers. */
  | 'retired';

/** A driver's duty status (49 CFR 395.8). */
export type DutyStatus =
  | 'driving'
  | 'off_duty'
  /** On duty, not driving. */
  | 'on_duty'
  | 'sleeper_berth';

/** Where a load's ETAs start from. */
export type EtaOrigin =
  /** The driver's last recorded position, now. */
  | 'driver_position'
  /** No position: the last stop the driver arrived at, from when they left it (or now). */
  | 'last_stop'
  /** No driver position and no stop reached: the first remaining stop at its window's start. */
  | 'planned';

/** draft → sent (takes payments; partially paid while balanceCents > 0) → paid; void from draft or sent without payments. */
export type FreightInvoiceStatus =
  /** Made from the loads; not yet with the bill-to. */
  | 'draft'
  | 'paid'
  /** With the bill-to; takes payments. */
  | 'sent'
  /** Voided with a reason; its loads may be invoiced again. */
  | 'void';

export type FreightPaymentMethod =
  | 'ach'
  | 'card'
  | 'check'
  /** Paid by a factoring company. */
  | 'factoring'
  | 'other'
  | 'wire';

export type GeoPointInput = {
  /** Degrees, −90 to 90. */
  lat: number;
  /** Degrees, −180 to 180. */
  lng: number;
};

/** A limit of 49 CFR 395.3, with the tenant's configured values. */
export type HoursRule =
  /** The 30-minute break after dispatch.breakAfterDrivingHours of driving (8 by default). */
  | 'break_required'
  /** The on-duty hours of the cycle (dispatch.cycle: 60 in 7 days or 70 in 8); 34 hours off restart it. */
  | 'cycle_limit'
  /** The driving hours of a shift (dispatch.maxDrivingHoursPerDay, 11 by default). */
  | 'driving_limit'
  /** The window after coming on duty (dispatch.maxOnDutyHoursPerDay, 14 by default). */
  | 'on_duty_window';

export type InvoiceFilter = {
  customerId?: string | number | null | undefined;
  status?: InvoiceStatus | null | undefined;
  workOrderId?: string | number | null | undefined;
};

export type InvoiceStatus =
  /** Made from the work order; not yet with the customer. */
  | 'draft'
  /** With the customer; takes payments. */
  | 'issued'
  | 'paid'
  | 'partially_paid'
  /** Voided with a reason; the work order may be invoiced again. */
  | 'void';

export type LineKind =
  | 'fee'
  /** Quantity in hours. */
  | 'labour'
  /** A part of the inventory. */
  | 'part';

/** A field of a load that updateLoad may change, depending on the load's status (see Load.editableFields). */
export type LoadEditableField =
  /** Until in transit. */
  | 'commodity'
  /** The bill-to, until invoiced. */
  | 'customerReference'
  /** Always. */
  | 'notes'
  /** Until invoiced. */
  | 'rateCents'
  /** Until delivered. */
  | 'referenceNumber'
  /** Until delivered, and each stop only until the driver has arrived at it. */
  | 'stops'
  /** Until delivered. */
  | 'weightLbs';

export type LoadFilter = {
  driverId?: string | number | null | undefined;
  /** Loads whose stop windows end at or after this instant (ISO 8601). */
  scheduledFrom?: string | null | undefined;
  /** Loads whose stop windows start at or before this instant (ISO 8601). */
  scheduledTo?: string | null | undefined;
  /** Any of these statuses. */
  status?: Array<LoadStatus> | null | undefined;
  vehicleId?: string | number | null | undefined;
};

/**
 * Where a load is in its lifecycle: draft → tendered → assigned → in_transit → delivered → invoiced,
 * or cancelled from any status before delivered.
 */
export type LoadStatus =
  | 'assigned'
  | 'cancelled'
  | 'delivered'
  | 'draft'
  | 'in_transit'
  | 'invoiced'
  | 'tendered';

/**
 * A stop of a load being edited: with the id of one of its stops, that stop (keeping its recorded
 * times); without, a new stop. Every field is given again.
 */
export type LoadStopEditInput = {
  address: AddressInput;
  /** An existing stop of the load; omitted for a new stop. */
  id?: string | number | null | undefined;
  location: CoordinatesInput;
  name?: string | null | undefined;
  notes?: string | null | undefined;
  /** For a delivery: the index in `stops` of the pickup whose freight it delivers (listed before it). */
  pickupIndex?: number | null | undefined;
  type: StopType;
  window: TimeWindowInput;
};

export type MaintenanceDueStatus =
  /** Within 10% of an interval of its due point, or exactly at it. */
  | 'due'
  /** Past the due point of at least one interval. */
  | 'overdue';

export type PartyContactInput = {
  email?: string | null | undefined;
  name: string;
  phone?: string | null | undefined;
  role?: string | null | undefined;
};

export type PartyFilter = {
  /** Retired parties are left out unless true. */
  includeRetired?: boolean | null | undefined;
  kind?: PartyKind | null | undefined;
  /** Words the name's words begin with (2 to 100 characters, at most 5 words). */
  search?: string | null | undefined;
};

/** What a party is to the carrier; one party may be several. */
export type PartyKind =
  | 'broker'
  | 'receiver'
  | 'shipper';

export type PartyLoadDefaultsInput = {
  commodity?: string | null | undefined;
  /** Minor units, 0 to 100,000,000. */
  rateCents?: number | null | undefined;
  /** Pounds, 1 to 200,000. */
  weightLbs?: number | null | undefined;
};

/**
 * A location of a party. With the id of one of its locations, that location (stops that name it keep
 * pointing at it); without, a new one. Every field is given again.
 */
export type PartyLocationInput = {
  address: AddressInput;
  /** At most 10. */
  contacts?: Array<PartyContactInput> | null | undefined;
  id?: string | number | null | undefined;
  location: CoordinatesInput;
  name: string;
  notes?: string | null | undefined;
};

export type PaymentMethod =
  | 'bank_transfer'
  | 'card'
  | 'cash'
  | 'check'
  | 'other';

/** The state of a tenant's subscription. */
export type PaymentStatus =
  | 'active'
  | 'canceled'
  /** Queries still work; mutations are refused with PAYMENT_REQUIRED. */
  | 'past_due'
  | 'trialing';

/** Where a tenant's data lives (docs/SCALING.md); operators choose it at provisioning and move it with pnpm tenant move. */
export type PlacementMode =
  /** Databases of the tenant's own, one per industry service. */
  | 'dedicated'
  /** The shared databases, every tenant's data kept apart by its tenant id. */
  | 'pooled';

export type QuoteFilter = {
  customerId?: string | number | null | undefined;
  /** expired: also sent quotes past their validUntil; sent: only those still open. */
  status?: QuoteStatus | null | undefined;
};

export type QuoteLineInput = {
  /** 1 to 200 characters; a part defaults to its item's name and SKU. Required for labour and fees. */
  description?: string | null | undefined;
  /** Required for a part (an active item of the tenant), refused otherwise. */
  itemId?: string | number | null | undefined;
  kind: LineKind;
  /** 1 to 60 characters: the option the line belongs to; none or at least two options per quote, at most 5. */
  option?: string | null | undefined;
  /** More than 0, at most two decimals (hours for labour). */
  quantity: number;
  /** Defaults to true. */
  taxable?: boolean | null | undefined;
  /** Minor units, 0 or more; a part defaults to its item's unitPriceCents, else its unit cost. Required for labour and fees. */
  unitPriceCents?: number | null | undefined;
};

export type QuoteStatus =
  /** The customer accepted (one option of it); converted into a work order. */
  | 'accepted'
  | 'declined'
  /** Being written; editable. */
  | 'draft'
  /** Sent and not decided before validUntil. */
  | 'expired'
  /** With the customer until validUntil. */
  | 'sent';

export type RecordDutyStatusInput = {
  /** ISO 8601 with a time zone; now when absent. Not in the future, at most 14 days ago. */
  at?: string | null | undefined;
  driverId: string | number;
  location?: CoordinatesInput | null | undefined;
  note?: string | null | undefined;
  status: DutyStatus;
};

export type RecordFreightPaymentInput = {
  /** Minor units, 1 or more, at most the invoice's balance. */
  amountCents: number;
  method: FreightPaymentMethod;
  /** ISO 8601, not in the future; defaults to now. */
  receivedAt?: string | null | undefined;
  /** At most 100 characters: a check number, an ACH trace. */
  reference?: string | null | undefined;
};

export type RecordPaymentInput = {
  /** Minor units, 1 or more, at most the invoice's balance. */
  amountCents: number;
  method: PaymentMethod;
  /** ISO 8601, not in the future; defaults to now. */
  receivedAt?: string | null | undefined;
  /** At most 100 characters: a check number, a card transaction id. */
  reference?: string | null | undefined;
};

export type RecordRefundInput = {
  /** Minor units, 1 or more, at most what is paid net of earlier refunds. */
  amountCents: number;
  method: PaymentMethod;
  /** Why (1 to 1000 characters). */
  reason: string;
  /** At most 100 characters: the card refund's transaction id. */
  reference?: string | null | undefined;
};

export type RequiredSkillInput = {
  /** 1 to 5; defaults to 1. */
  minLevel?: number | null | undefined;
  /** Lower-cased; letters, digits, space, _ and -. */
  name: string;
};

export type RescheduleWorkOrderInput = {
  /** ISO 8601 with offset; defaults to start plus the order's estimatedMinutes. At most 24 hours after start. */
  end?: string | null | undefined;
  /** ISO 8601 with offset; the new start of the booked slot, not in the past. */
  start: string;
  /** Hands the work order to this technician of the tenant; defaults to the current one. */
  technicianId?: string | number | null | undefined;
};

/**
 * What a user may do in the tenant. driver exists only in trucking tenants, technician only in
 * serviceRepair tenants; the permissions of each role are the one matrix in shared/src/permissions.ts.
 */
export type Role =
  | 'admin'
  | 'dispatcher'
  | 'driver'
  | 'owner'
  | 'technician'
  | 'viewer';

export type ServiceWindowInput = {
  /** ISO 8601 with offset, after start; at most 14 days after it. */
  end: string;
  /** ISO 8601 with offset. */
  start: string;
};

/** What happens at a stop of a load. */
export type StopType =
  | 'delivery'
  | 'pickup';

export type TimeWindowInput = {
  /** ISO 8601 with a time zone; not before start. */
  end: string;
  /** ISO 8601 with a time zone, e.g. 2025-03-03T08:00:00-06:00. */
  start: string;
};

/** Omitted fields stay as they are; null removes label or coordinates. */
export type UpdateCustomerLocationInput = {
  /** Replaces the whole address. */
  address?: CustomerAddressInput | null | undefined;
  coordinates?: GeoPointInput | null | undefined;
  /** At most 100 characters. */
  label?: string | null | undefined;
};

/**
 * Fields to change; omitted fields stay. Only fields whose value changes are checked against the
 * load's status (Load.editableFields), so a whole form may be sent back.
 */
export type UpdateLoadInput = {
  /** null removes it. */
  commodity?: string | null | undefined;
  /** The bill-to. */
  customerReference?: string | null | undefined;
  /** null removes them. */
  notes?: string | null | undefined;
  /** US cents. */
  rateCents?: number | null | undefined;
  referenceNumber?: string | null | undefined;
  /**
   * The whole new list of stops in the planned order (2 to 25): listed stops with an id are kept,
   * stops not listed are removed. A stop arrived at stays at its place, unchanged but for its notes.
   */
  stops?: Array<LoadStopEditInput> | null | undefined;
  weightLbs?: number | null | undefined;
};

/** Fields to change; omitted fields stay, null clears an optional one. */
export type UpdatePartyInput = {
  defaults?: PartyLoadDefaultsInput | null | undefined;
  email?: string | null | undefined;
  kinds?: Array<PartyKind> | null | undefined;
  /** The whole new list: listed locations with an id are kept (and changed), the others removed. */
  locations?: Array<PartyLocationInput> | null | undefined;
  name?: string | null | undefined;
  notes?: string | null | undefined;
  paymentTermsDays?: number | null | undefined;
  phone?: string | null | undefined;
};

/** Omitted fields stay as they are; lines replace the lines. */
export type UpdateQuoteInput = {
  lines?: Array<QuoteLineInput> | null | undefined;
  locationId?: string | number | null | undefined;
  notes?: string | null | undefined;
  title?: string | null | undefined;
};

/** Omitted fields stay as they are. */
export type UpdateServiceAgreementInput = {
  endsAt?: string | null | undefined;
  locationId?: string | number | null | undefined;
  name?: string | null | undefined;
  rrule?: string | null | undefined;
  startsAt?: string | null | undefined;
  template?: AgreementTemplatePatch | null | undefined;
};

/**
 * Omitted fields stay as they are; null clears description, notes or requestedWindow. What may change
 * depends on the status: everything while new or scheduled; title, description, notes and priority while
 * dispatched, en_route, in_progress or on_hold (the rest is CONFLICT: reschedule instead); only notes
 * once completed; nothing once invoiced or cancelled.
 */
export type UpdateWorkOrderInput = {
  /** At most 5000 characters. */
  description?: string | null | undefined;
  /** 5 to 1440. */
  estimatedMinutes?: number | null | undefined;
  /** One of the customer's locations. */
  locationId?: string | number | null | undefined;
  /** At most 5000 characters. */
  notes?: string | null | undefined;
  priority?: WorkOrderPriority | null | undefined;
  /** Must end in the future and be at least estimatedMinutes long. */
  requestedWindow?: ServiceWindowInput | null | undefined;
  /** At most 20, names unique; replaces the list. */
  requiredSkills?: Array<RequiredSkillInput> | null | undefined;
  /** At most 200 characters. */
  title?: string | null | undefined;
};

export type VehicleFilter = {
  /** Retired ones are left out unless asked for, with this or with status: retired. */
  includeRetired?: boolean | null | undefined;
  status?: VehicleStatus | null | undefined;
  type?: VehicleType | null | undefined;
};

/** Where a vehicle stands in the fleet. */
export type VehicleStatus =
  | 'active'
  | 'in_shop'
  | 'out_of_service'
  | 'retired';

/** What kind of power unit a vehicle is. */
export type VehicleType =
  /** Pulls trailers. */
  | 'tractor'
  /** A straight truck, with its own body. */
  | 'truck';

/** Where a delivery stands (docs/EVENTS.md). */
export type WebhookDeliveryStatus =
  /** An attempt failed; the next one is scheduled at nextAttemptAt. */
  | 'failed'
  /** No more attempts until replayed: the last one allowed failed, or the endpoint was disabled or removed meanwhile. */
  | 'parked'
  /** Not tried yet, or replayed. */
  | 'pending'
  /** The endpoint answered 2xx. */
  | 'succeeded';

/** A unit of weight (units.weight of the tenant's configuration). */
export type WeightUnit =
  | 'kg'
  | 'lb';

/** What a file attached to a work order is. */
export type WorkOrderAttachmentKind =
  /** Any other document (a PDF: a permit, the manufacturer's sheet). */
  | 'document'
  /** A photo taken on the job (before, after, the part replaced). */
  | 'photo'
  /** The customer's signature on completion. */
  | 'signature';

export type WorkOrderFilter = {
  customerId?: string | number | null | undefined;
  /** true: a follow-up visit is due (completed with maintenance.followUpDays) and none is scheduled yet; false: all others. */
  followUpPending?: boolean | null | undefined;
  /** true: open (not completed, invoiced or cancelled) and past dueBy; false: all others. */
  overdue?: boolean | null | undefined;
  priority?: WorkOrderPriority | null | undefined;
  status?: WorkOrderStatus | null | undefined;
  technicianId?: string | number | null | undefined;
};

/** How urgent a work order is. */
export type WorkOrderPriority =
  | 'emergency'
  | 'high'
  | 'low'
  | 'normal';

/**
 * Where a work order is in its lifecycle:
 * new → scheduled → dispatched → en_route → in_progress → completed → invoiced.
 * on_hold is reachable from scheduled, dispatched, en_route and in_progress, and resumes to the status it
 * was held from or to scheduled; cancelled is reachable from every status before completed.
 */
export type WorkOrderStatus =
  | 'cancelled'
  | 'completed'
  | 'dispatched'
  | 'en_route'
  | 'in_progress'
  | 'invoiced'
  | 'new'
  | 'on_hold'
  | 'scheduled';

export type DriverHoursQueryVariables = Exact<{
  driverId: string | number;
}>;


export type DriverHoursQuery = { driverHours: { asOf: string, currentStatus: DutyStatus, currentStatusSince: string | null, drivingMinutesLeft: number, limitedBy: HoursRule, drivingLimitMinutesLeft: number, onDutyWindowMinutesLeft: number, windowEndsAt: string | null, cycleMinutesLeft: number, cycle: string, minutesUntilBreak: number, breakDueAt: string | null } };

export type DriverLogQueryVariables = Exact<{
  driverId: string | number;
  date: string;
}>;


export type DriverLogQuery = { driverLog: { date: string, timeZone: string, start: string, end: string, statusAtStart: DutyStatus, events: Array<{ id: string, status: DutyStatus, at: string, note: string | null, reason: string | null, recordedByDriver: boolean, location: { latitude: number, longitude: number } | null }>, superseded: Array<{ id: string, status: DutyStatus, at: string, note: string | null, reason: string | null, recordedByDriver: boolean, location: { latitude: number, longitude: number } | null }>, totals: { offDutyMinutes: number, sleeperBerthMinutes: number, drivingMinutes: number, onDutyMinutes: number } } };

export type HoursViolationsQueryVariables = Exact<{
  from: string;
  to: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HoursViolationsQuery = { hoursViolations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { rule: HoursRule, startedAt: string, endedAt: string, minutes: number, driver: { id: string, licenseNumber: string } } }> } };

export type RecordDutyStatusMutationVariables = Exact<{
  input: RecordDutyStatusInput;
}>;


export type RecordDutyStatusMutation = { recordDutyStatus: { id: string, status: DutyStatus, at: string, note: string | null, reason: string | null, recordedByDriver: boolean, location: { latitude: number, longitude: number } | null } };

export type CorrectDutyStatusMutationVariables = Exact<{
  id: string | number;
  input: CorrectDutyStatusInput;
}>;


export type CorrectDutyStatusMutation = { correctDutyStatus: { id: string, status: DutyStatus, at: string, note: string | null, reason: string | null, recordedByDriver: boolean, location: { latitude: number, longitude: number } | null } };

export type DutyStatusEventFieldsFragment = { id: string, status: DutyStatus, at: string, note: string | null, reason: string | null, recordedByDriver: boolean, location: { latitude: number, longitude: number } | null };

export type UpdateWorkOrderMutationVariables = Exact<{
  id: string | number;
  input: UpdateWorkOrderInput;
}>;


export type UpdateWorkOrderMutation = { updateWorkOrder: { id: string, title: string, description: string | null, notes: string | null, priority: WorkOrderPriority, status: WorkOrderStatus, estimatedMinutes: number, requestedWindow: { start: string, end: string } | null, location: { id: string } } };

export type RescheduleWorkOrderMutationVariables = Exact<{
  id: string | number;
  input: RescheduleWorkOrderInput;
}>;


export type RescheduleWorkOrderMutation = { rescheduleWorkOrder: { id: string, status: WorkOrderStatus, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type CancelWorkOrderMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type CancelWorkOrderMutation = { cancelWorkOrder: { id: string, status: WorkOrderStatus, cancellation: { reason: string, at: string, by: { id: string } } | null } };

export type CustomerLocationsFragment = { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> };

export type AddCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  input: CustomerLocationInput;
}>;


export type AddCustomerLocationMutation = { addCustomerLocation: { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> } };

export type UpdateCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
  input: UpdateCustomerLocationInput;
}>;


export type UpdateCustomerLocationMutation = { updateCustomerLocation: { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> } };

export type RetireCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
}>;


export type RetireCustomerLocationMutation = { retireCustomerLocation: { id: string, locations: Array<{ id: string, label: string | null, address: { line1: string, line2: string | null, city: string, region: string | null, postalCode: string, country: string }, coordinates: { lat: number, lng: number } | null }> } };

export type SessionQueryVariables = Exact<{ [key: string]: never; }>;


export type SessionQuery = { me: { id: string, email: string, name: string, roles: Array<string> }, tenant: { id: string, slug: string, name: string, appType: AppType, paymentStatus: PaymentStatus, placement: { mode: PlacementMode, writesHeld: boolean } } };

export type SpaAgreementFragment = { id: string, name: string, rrule: string, startsAt: string, retiredAt: string | null, nextOccurrences: Array<string>, customer: { id: string, name: string }, template: { title: string, estimatedMinutes: number } };

export type SpaAgreementsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SpaAgreementsQuery = { serviceAgreements: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, rrule: string, startsAt: string, retiredAt: string | null, nextOccurrences: Array<string>, customer: { id: string, name: string }, template: { title: string, estimatedMinutes: number } } }> } };

export type SpaAgreementWorkOrdersQueryVariables = Exact<{
  id: string | number;
}>;


export type SpaAgreementWorkOrdersQuery = { serviceAgreement: { id: string, workOrders: { totalCount: number, edges: Array<{ node: { id: string, number: number, status: WorkOrderStatus, occursAt: string | null } }> } } | null };

export type SpaCreateAgreementMutationVariables = Exact<{
  input: CreateServiceAgreementInput;
}>;


export type SpaCreateAgreementMutation = { createServiceAgreement: { id: string, name: string, rrule: string, startsAt: string, retiredAt: string | null, nextOccurrences: Array<string>, customer: { id: string, name: string }, template: { title: string, estimatedMinutes: number } } };

export type SpaRetireAgreementMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaRetireAgreementMutation = { retireServiceAgreement: { id: string, name: string, rrule: string, startsAt: string, retiredAt: string | null, nextOccurrences: Array<string>, customer: { id: string, name: string }, template: { title: string, estimatedMinutes: number } } };

export type SpaTechnicianWeekQueryVariables = Exact<{
  technicianId: string | number;
  from: string;
  to: string;
}>;


export type SpaTechnicianWeekQuery = { technicianSchedule: { timeZone: string, travelBufferMinutes: number, maxJobsPerDay: number | null, days: Array<{ date: string, jobCount: number, atDailyLimit: boolean, jobs: Array<{ start: string, end: string, workOrder: { id: string, number: number, title: string } }>, travel: Array<{ start: string, end: string }>, freeSlots: Array<{ start: string, end: string }> }> } };

export type SpaUpdateAgreementMutationVariables = Exact<{
  id: string | number;
  input: UpdateServiceAgreementInput;
}>;


export type SpaUpdateAgreementMutation = { updateServiceAgreement: { id: string, name: string, rrule: string, startsAt: string, retiredAt: string | null, nextOccurrences: Array<string>, customer: { id: string, name: string }, template: { title: string, estimatedMinutes: number } } };

export type SpaApiClientFragment = { id: string, name: string, roles: Array<string>, active: boolean, createdAt: string, rotatedAt: string | null, revokedAt: string | null, createdBy: { id: string, name: string } | null };

export type SpaApiClientsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaApiClientsQuery = { apiClients: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, roles: Array<string>, active: boolean, createdAt: string, rotatedAt: string | null, revokedAt: string | null, createdBy: { id: string, name: string } | null } }> } };

export type SpaCreateApiClientMutationVariables = Exact<{
  input: CreateApiClientInput;
}>;


export type SpaCreateApiClientMutation = { createApiClient: { secret: string, client: { id: string, name: string, roles: Array<string>, active: boolean, createdAt: string, rotatedAt: string | null, revokedAt: string | null, createdBy: { id: string, name: string } | null } } };

export type SpaRotateApiClientSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaRotateApiClientSecretMutation = { rotateApiClientSecret: { secret: string, client: { id: string, name: string, roles: Array<string>, active: boolean, createdAt: string, rotatedAt: string | null, revokedAt: string | null, createdBy: { id: string, name: string } | null } } };

export type SpaRevokeApiClientMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaRevokeApiClientMutation = { revokeApiClient: { id: string, name: string, roles: Array<string>, active: boolean, createdAt: string, rotatedAt: string | null, revokedAt: string | null, createdBy: { id: string, name: string } | null } };

export type SpaCustomersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaCustomersQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string } }> } };

export type SpaCustomerLocationsFragment = { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> };

export type SpaCustomerLocationsQueryVariables = Exact<{
  id: string | number;
}>;


export type SpaCustomerLocationsQuery = { customer: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } | null };

export type SpaAddCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  input: CustomerLocationInput;
}>;


export type SpaAddCustomerLocationMutation = { addCustomerLocation: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } };

export type SpaUpdateCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
  input: UpdateCustomerLocationInput;
}>;


export type SpaUpdateCustomerLocationMutation = { updateCustomerLocation: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } };

export type SpaRetireCustomerLocationMutationVariables = Exact<{
  customerId: string | number;
  locationId: string | number;
}>;


export type SpaRetireCustomerLocationMutation = { retireCustomerLocation: { id: string, name: string, locations: Array<{ id: string, label: string | null, address: { line1: string, city: string, postalCode: string } }> } };

export type SpaDispatchBoardQueryVariables = Exact<{
  date?: string | null | undefined;
}>;


export type SpaDispatchBoardQuery = { dispatchBoard: { date: string, timeZone: string, reminderLeadDays: number, drivers: Array<{ availability: BoardAvailability, driver: { id: string, licenseNumber: string, user: { name: string } }, currentLoad: { id: string, referenceNumber: string } | null, hours: { drivingMinutesLeft: number } | null, conflicts: Array<{ kind: BoardConflictKind, message: string }> }>, vehicles: Array<{ availability: BoardAvailability, vehicle: { id: string, unitNumber: string }, currentLoad: { id: string, referenceNumber: string } | null, conflicts: Array<{ kind: BoardConflictKind, message: string }> }>, unassignedLoads: Array<{ id: string, referenceNumber: string }>, lateLoads: Array<{ id: string, referenceNumber: string }>, maintenanceDueSoon: Array<{ status: MaintenanceDueStatus, vehicle: { unitNumber: string }, schedule: { name: string } }> } };

export type SpaLoadPaperQueryVariables = Exact<{
  id: string | number;
}>;


export type SpaLoadPaperQuery = { load: { id: string, referenceNumber: string, status: LoadStatus, stops: Array<{ id: string, sequence: number, type: StopType, name: string | null }>, eta: { origin: EtaOrigin, late: boolean, stops: Array<{ stopId: string, sequence: number, arriveAt: string, late: boolean, lateMinutes: number }> } | null, documents: Array<{ id: string, kind: DocumentKind, name: string, contentType: string, size: number, stopId: string | null, downloadLink: { url: string, expiresAt: string } | null }> } | null };

export type SpaAttachDocumentMutationVariables = Exact<{
  input: AttachDocumentInput;
}>;


export type SpaAttachDocumentMutation = { attachDocument: { id: string } };

export type SpaOnTimeReportQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type SpaOnTimeReportQuery = { onTimeReport: { loads: number, pickups: { total: number, onTime: number, percent: number | null }, deliveries: { total: number, onTime: number, percent: number | null } } };

export type SpaDriverHoursQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaDriverHoursQuery = { drivers: { edges: Array<{ node: { id: string, status: DriverStatus, user: { name: string }, hours: { currentStatus: DutyStatus, currentStatusSince: string | null, drivingMinutesLeft: number, limitedBy: HoursRule, onDutyWindowMinutesLeft: number, cycleMinutesLeft: number, minutesUntilBreak: number } | null } }> } };

export type SpaInvoiceMoneyFragment = { amountCents: number, currency: string, formatted: string };

export type SpaInvoiceFragment = { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> };

export type SpaInvoicesQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: InvoiceFilter | null | undefined;
}>;


export type SpaInvoicesQuery = { invoices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> } }> } };

export type SpaCreateInvoiceMutationVariables = Exact<{
  workOrderId: string | number;
}>;


export type SpaCreateInvoiceMutation = { createInvoice: { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> } };

export type SpaIssueInvoiceMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaIssueInvoiceMutation = { issueInvoice: { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> } };

export type SpaRecordPaymentMutationVariables = Exact<{
  id: string | number;
  input: RecordPaymentInput;
}>;


export type SpaRecordPaymentMutation = { recordPayment: { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> } };

export type SpaVoidInvoiceMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type SpaVoidInvoiceMutation = { voidInvoice: { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> } };

export type SpaRecordRefundMutationVariables = Exact<{
  id: string | number;
  input: RecordRefundInput;
}>;


export type SpaRecordRefundMutation = { recordRefund: { id: string, number: number, status: InvoiceStatus, currency: string, taxRateBasisPoints: number, issuedAt: string | null, voidReason: string | null, createdAt: string, workOrder: { id: string, number: number, title: string }, customer: { id: string, name: string, email: string | null, phone: string | null }, location: { id: string, address: { line1: string, city: string, region: string | null, postalCode: string } }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, paid: { amountCents: number, currency: string, formatted: string }, balance: { amountCents: number, currency: string, formatted: string }, payments: Array<{ id: string, method: PaymentMethod, reference: string | null, receivedAt: string, amount: { amountCents: number, currency: string, formatted: string } }>, refunded: { amountCents: number, currency: string, formatted: string }, refunds: Array<{ id: string, method: PaymentMethod, reason: string, refundedAt: string, amount: { amountCents: number, currency: string, formatted: string } }> } };

export type SpaJobQueryVariables = Exact<{
  id: string | number;
}>;


export type SpaJobQuery = { workOrder: { id: string, number: number, title: string, status: WorkOrderStatus, jobType: string | null, followUpDueAt: string | null, followUp: { id: string, number: number } | null, checklist: Array<{ itemId: string, label: string, required: boolean, done: boolean, note: string | null }>, attachments: Array<{ id: string, kind: WorkOrderAttachmentKind, name: string, contentType: string, size: number, checklistItemId: string | null, downloadLink: { url: string } | null }> } | null };

export type SpaCheckChecklistItemMutationVariables = Exact<{
  workOrderId: string | number;
  itemId: string | number;
  done: boolean;
}>;


export type SpaCheckChecklistItemMutation = { checkChecklistItem: { id: string, checklist: Array<{ itemId: string, done: boolean }> } };

export type SpaAttachToWorkOrderMutationVariables = Exact<{
  input: AttachToWorkOrderInput;
}>;


export type SpaAttachToWorkOrderMutation = { attachToWorkOrder: { id: string } };

export type SpaRetireWorkOrderAttachmentMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type SpaRetireWorkOrderAttachmentMutation = { retireWorkOrderAttachment: { id: string } };

export type SpaScheduleFollowUpMutationVariables = Exact<{
  id: string | number;
  windowHours?: number | null | undefined;
}>;


export type SpaScheduleFollowUpMutation = { scheduleFollowUp: { id: string, number: number, requestedWindow: { start: string, end: string } | null } };

export type SpaFollowUpsDueQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type SpaFollowUpsDueQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, title: string, followUpDueAt: string | null, customer: { id: string, name: string } } }> } };

export type SpaServiceReportQueryVariables = Exact<{
  from: string;
  to: string;
  returnWindowDays?: number | null | undefined;
}>;


export type SpaServiceReportQuery = { serviceReport: { from: string, to: string, jobsCompleted: number, firstTimeFix: { returnWindowDays: number, jobs: number, fixedFirstTime: number, rate: number | null }, response: { jobsWithDueBy: number, onTime: number, onTimeRate: number | null, averageResponseMinutes: number | null, averageAllowedMinutes: number | null, averageMarginMinutes: number | null }, technicianUtilisation: Array<{ availableHours: number, bookedHours: number, utilisation: number | null, technician: { id: string, user: { name: string } } }>, revenueByJobType: Array<{ jobType: string | null, invoices: number, revenue: { formatted: string } }> } };

export type SpaLoadsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: LoadFilter | null | undefined;
}>;


export type SpaLoadsQuery = { loads: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, commodity: string | null, rateCents: number, notes: string | null, editableFields: Array<LoadEditableField>, weight: { value: number, unit: WeightUnit }, stops: Array<{ type: StopType, outsideWorkingHours: boolean }>, cancellation: { reason: CancellationReason | null, note: string | null } | null, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } }> } };

export type SpaLoadFragment = { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, commodity: string | null, rateCents: number, notes: string | null, editableFields: Array<LoadEditableField>, weight: { value: number, unit: WeightUnit }, stops: Array<{ type: StopType, outsideWorkingHours: boolean }>, cancellation: { reason: CancellationReason | null, note: string | null } | null, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null };

export type SpaFleetQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaFleetQuery = { drivers: { edges: Array<{ node: { id: string, status: DriverStatus, licenseExpired: boolean, user: { name: string }, currentLoad: { id: string } | null } }> }, vehicles: { edges: Array<{ node: { id: string, unitNumber: string, make: string, model: string, status: VehicleStatus, currentLoad: { id: string } | null } }> } };

export type SpaAssignLoadMutationVariables = Exact<{
  id: string | number;
  driverId: string | number;
  vehicleId: string | number;
}>;


export type SpaAssignLoadMutation = { assignLoad: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, commodity: string | null, rateCents: number, notes: string | null, editableFields: Array<LoadEditableField>, weight: { value: number, unit: WeightUnit }, stops: Array<{ type: StopType, outsideWorkingHours: boolean }>, cancellation: { reason: CancellationReason | null, note: string | null } | null, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } };

export type SpaUpdateLoadStatusMutationVariables = Exact<{
  id: string | number;
  status: LoadStatus;
}>;


export type SpaUpdateLoadStatusMutation = { updateLoadStatus: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, commodity: string | null, rateCents: number, notes: string | null, editableFields: Array<LoadEditableField>, weight: { value: number, unit: WeightUnit }, stops: Array<{ type: StopType, outsideWorkingHours: boolean }>, cancellation: { reason: CancellationReason | null, note: string | null } | null, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } };

export type SpaUpdateLoadMutationVariables = Exact<{
  id: string | number;
  input: UpdateLoadInput;
}>;


export type SpaUpdateLoadMutation = { updateLoad: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, commodity: string | null, rateCents: number, notes: string | null, editableFields: Array<LoadEditableField>, weight: { value: number, unit: WeightUnit }, stops: Array<{ type: StopType, outsideWorkingHours: boolean }>, cancellation: { reason: CancellationReason | null, note: string | null } | null, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } };

export type SpaCancelLoadMutationVariables = Exact<{
  id: string | number;
  reason: CancellationReason;
  note?: string | null | undefined;
}>;


export type SpaCancelLoadMutation = { cancelLoad: { id: string, referenceNumber: string, customerReference: string, status: LoadStatus, nextStatuses: Array<LoadStatus>, pickupAt: string, deliverBy: string, weightLbs: number, commodity: string | null, rateCents: number, notes: string | null, editableFields: Array<LoadEditableField>, weight: { value: number, unit: WeightUnit }, stops: Array<{ type: StopType, outsideWorkingHours: boolean }>, cancellation: { reason: CancellationReason | null, note: string | null } | null, driver: { id: string } | null, vehicle: { id: string, unitNumber: string } | null } };

export type SpaPartyFragment = { id: string, name: string, kinds: Array<PartyKind>, email: string | null, phone: string | null, paymentTermsDays: number, retiredAt: string | null, locations: Array<{ id: string, name: string, address: { city: string, state: string } }> };

export type SpaPartiesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: PartyFilter | null | undefined;
}>;


export type SpaPartiesQuery = { parties: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, kinds: Array<PartyKind>, email: string | null, phone: string | null, paymentTermsDays: number, retiredAt: string | null, locations: Array<{ id: string, name: string, address: { city: string, state: string } }> } }> } };

export type SpaCreatePartyMutationVariables = Exact<{
  input: CreatePartyInput;
}>;


export type SpaCreatePartyMutation = { createParty: { id: string, name: string, kinds: Array<PartyKind>, email: string | null, phone: string | null, paymentTermsDays: number, retiredAt: string | null, locations: Array<{ id: string, name: string, address: { city: string, state: string } }> } };

export type SpaUpdatePartyMutationVariables = Exact<{
  id: string | number;
  input: UpdatePartyInput;
}>;


export type SpaUpdatePartyMutation = { updateParty: { id: string, name: string, kinds: Array<PartyKind>, email: string | null, phone: string | null, paymentTermsDays: number, retiredAt: string | null, locations: Array<{ id: string, name: string, address: { city: string, state: string } }> } };

export type SpaRetirePartyMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type SpaRetirePartyMutation = { retireParty: { id: string, name: string, kinds: Array<PartyKind>, email: string | null, phone: string | null, paymentTermsDays: number, retiredAt: string | null, locations: Array<{ id: string, name: string, address: { city: string, state: string } }> } };

export type SpaReinstatePartyMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaReinstatePartyMutation = { reinstateParty: { id: string, name: string, kinds: Array<PartyKind>, email: string | null, phone: string | null, paymentTermsDays: number, retiredAt: string | null, locations: Array<{ id: string, name: string, address: { city: string, state: string } }> } };

export type SpaLoadChargesFragment = { id: string, referenceNumber: string, status: LoadStatus, rateCents: number, totalCents: number, currency: string, billTo: { id: string, name: string } | null, accessorials: Array<{ id: string, kind: AccessorialKind, description: string | null, amountCents: number }>, invoice: { id: string, number: number, status: FreightInvoiceStatus } | null };

export type SpaLoadChargesQueryVariables = Exact<{
  id: string | number;
}>;


export type SpaLoadChargesQuery = { load: { id: string, referenceNumber: string, status: LoadStatus, rateCents: number, totalCents: number, currency: string, billTo: { id: string, name: string } | null, accessorials: Array<{ id: string, kind: AccessorialKind, description: string | null, amountCents: number }>, invoice: { id: string, number: number, status: FreightInvoiceStatus } | null } | null };

export type SpaSetLoadBillToMutationVariables = Exact<{
  id: string | number;
  billToId?: string | number | null | undefined;
}>;


export type SpaSetLoadBillToMutation = { setLoadBillTo: { id: string, referenceNumber: string, status: LoadStatus, rateCents: number, totalCents: number, currency: string, billTo: { id: string, name: string } | null, accessorials: Array<{ id: string, kind: AccessorialKind, description: string | null, amountCents: number }>, invoice: { id: string, number: number, status: FreightInvoiceStatus } | null } };

export type SpaAddAccessorialMutationVariables = Exact<{
  loadId: string | number;
  input: AddAccessorialInput;
}>;


export type SpaAddAccessorialMutation = { addAccessorial: { id: string, referenceNumber: string, status: LoadStatus, rateCents: number, totalCents: number, currency: string, billTo: { id: string, name: string } | null, accessorials: Array<{ id: string, kind: AccessorialKind, description: string | null, amountCents: number }>, invoice: { id: string, number: number, status: FreightInvoiceStatus } | null } };

export type SpaRemoveAccessorialMutationVariables = Exact<{
  loadId: string | number;
  accessorialId: string | number;
}>;


export type SpaRemoveAccessorialMutation = { removeAccessorial: { id: string, referenceNumber: string, status: LoadStatus, rateCents: number, totalCents: number, currency: string, billTo: { id: string, name: string } | null, accessorials: Array<{ id: string, kind: AccessorialKind, description: string | null, amountCents: number }>, invoice: { id: string, number: number, status: FreightInvoiceStatus } | null } };

export type SpaFreightInvoiceFragment = { id: string, number: number, status: FreightInvoiceStatus, billToName: string, currency: string, totalCents: number, paidCents: number, balanceCents: number, totalFormatted: string, balanceFormatted: string, sentAt: string | null, dueAt: string | null, voidReason: string | null, loads: Array<{ id: string, referenceNumber: string }>, payments: Array<{ id: string, amountCents: number, method: FreightPaymentMethod, reference: string | null, receivedAt: string }> };

export type SpaFreightInvoicesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaFreightInvoicesQuery = { freightInvoices: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, status: FreightInvoiceStatus, billToName: string, currency: string, totalCents: number, paidCents: number, balanceCents: number, totalFormatted: string, balanceFormatted: string, sentAt: string | null, dueAt: string | null, voidReason: string | null, loads: Array<{ id: string, referenceNumber: string }>, payments: Array<{ id: string, amountCents: number, method: FreightPaymentMethod, reference: string | null, receivedAt: string }> } }> } };

export type SpaCreateFreightInvoiceMutationVariables = Exact<{
  loadIds: Array<string | number> | string | number;
}>;


export type SpaCreateFreightInvoiceMutation = { createFreightInvoice: { id: string, number: number, status: FreightInvoiceStatus, billToName: string, currency: string, totalCents: number, paidCents: number, balanceCents: number, totalFormatted: string, balanceFormatted: string, sentAt: string | null, dueAt: string | null, voidReason: string | null, loads: Array<{ id: string, referenceNumber: string }>, payments: Array<{ id: string, amountCents: number, method: FreightPaymentMethod, reference: string | null, receivedAt: string }> } };

export type SpaSendFreightInvoiceMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaSendFreightInvoiceMutation = { sendFreightInvoice: { id: string, number: number, status: FreightInvoiceStatus, billToName: string, currency: string, totalCents: number, paidCents: number, balanceCents: number, totalFormatted: string, balanceFormatted: string, sentAt: string | null, dueAt: string | null, voidReason: string | null, loads: Array<{ id: string, referenceNumber: string }>, payments: Array<{ id: string, amountCents: number, method: FreightPaymentMethod, reference: string | null, receivedAt: string }> } };

export type SpaRecordFreightPaymentMutationVariables = Exact<{
  id: string | number;
  input: RecordFreightPaymentInput;
}>;


export type SpaRecordFreightPaymentMutation = { recordFreightPayment: { id: string, number: number, status: FreightInvoiceStatus, billToName: string, currency: string, totalCents: number, paidCents: number, balanceCents: number, totalFormatted: string, balanceFormatted: string, sentAt: string | null, dueAt: string | null, voidReason: string | null, loads: Array<{ id: string, referenceNumber: string }>, payments: Array<{ id: string, amountCents: number, method: FreightPaymentMethod, reference: string | null, receivedAt: string }> } };

export type SpaVoidFreightInvoiceMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type SpaVoidFreightInvoiceMutation = { voidFreightInvoice: { id: string, number: number, status: FreightInvoiceStatus, billToName: string, currency: string, totalCents: number, paidCents: number, balanceCents: number, totalFormatted: string, balanceFormatted: string, sentAt: string | null, dueAt: string | null, voidReason: string | null, loads: Array<{ id: string, referenceNumber: string }>, payments: Array<{ id: string, amountCents: number, method: FreightPaymentMethod, reference: string | null, receivedAt: string }> } };

export type SpaMoneyFragment = { amountCents: number, currency: string, formatted: string };

export type SpaQuoteFragment = { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null };

export type SpaQuotesQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: QuoteFilter | null | undefined;
}>;


export type SpaQuotesQuery = { quotes: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null } }> } };

export type SpaInventoryItemsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaInventoryItemsQuery = { inventoryItems: { edges: Array<{ node: { id: string, sku: string, name: string, unitCostCents: number } }> } };

export type SpaCreateQuoteMutationVariables = Exact<{
  input: CreateQuoteInput;
}>;


export type SpaCreateQuoteMutation = { createQuote: { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null } };

export type SpaUpdateQuoteMutationVariables = Exact<{
  id: string | number;
  input: UpdateQuoteInput;
}>;


export type SpaUpdateQuoteMutation = { updateQuote: { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null } };

export type SpaSendQuoteMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaSendQuoteMutation = { sendQuote: { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null } };

export type SpaAcceptQuoteMutationVariables = Exact<{
  id: string | number;
  option?: string | null | undefined;
}>;


export type SpaAcceptQuoteMutation = { acceptQuote: { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null } };

export type SpaDeclineQuoteMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type SpaDeclineQuoteMutation = { declineQuote: { id: string, number: number, title: string, status: QuoteStatus, currency: string, taxRateBasisPoints: number, validUntil: string | null, acceptedOption: string | null, declineReason: string | null, customer: { id: string, name: string }, lines: Array<{ id: string, kind: LineKind, description: string, quantity: number, taxable: boolean, option: string | null, item: { id: string } | null, unitPrice: { amountCents: number, currency: string, formatted: string }, amount: { amountCents: number, currency: string, formatted: string } }>, options: Array<{ name: string, totals: { total: { amountCents: number, currency: string, formatted: string } } }>, totals: { subtotal: { amountCents: number, currency: string, formatted: string }, tax: { amountCents: number, currency: string, formatted: string }, total: { amountCents: number, currency: string, formatted: string } }, workOrder: { id: string, number: number, status: WorkOrderStatus } | null } };

export type SpaReportsQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type SpaReportsQuery = { onTimeReport: { loads: number, pickups: { total: number, onTime: number, late: number, percent: number | null, unrecorded: number }, deliveries: { total: number, onTime: number, late: number, percent: number | null, unrecorded: number }, drivers: Array<{ loads: number, driver: { id: string, user: { name: string } }, pickups: { percent: number | null }, deliveries: { percent: number | null } }> }, operatingReport: { currency: string, distanceUnit: string, loads: number, lineHaulCents: number, accessorialCents: number, revenueCents: number, driverPayCents: number, maintenanceCents: number, costCents: number, unsettledLoads: number, loadedDistance: number, emptyDistance: number, totalDistance: number, emptyPercent: number | null, revenuePerDistanceCents: number | null, costPerDistanceCents: number | null, loadsPerDriver: number | null, drivers: Array<{ loads: number, loadedDistance: number, emptyDistance: number, revenueCents: number, driverPayCents: number, driver: { id: string, user: { name: string } } }> } };

export type SpaExportTenantDataMutationVariables = Exact<{ [key: string]: never; }>;


export type SpaExportTenantDataMutation = { exportTenantData: { id: string, url: string, expiresAt: string, size: number, sha256: string, documents: number, files: number, auditHeadHash: string | null } };

export type SpaDriverPositionsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaDriverPositionsQuery = { driverLocations: { edges: Array<{ node: { driver: { id: string, user: { name: string } }, latest: { latitude: number, longitude: number, recordedAt: string, speedKmh: number | null } } }> } };

export type SpaWebhookEndpointFragment = { id: string, url: string, eventTypes: Array<string>, description: string | null, active: boolean, disabledReason: string | null, createdAt: string };

export type SpaWebhookDeliveryFragment = { id: string, eventId: string, eventType: string, occurredAt: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastResponseCode: number | null, lastError: string | null, replays: number };

export type SpaWebhookEndpointsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaWebhookEndpointsQuery = { webhookEventTypes: Array<string>, webhookEndpoints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, url: string, eventTypes: Array<string>, description: string | null, active: boolean, disabledReason: string | null, createdAt: string } }> } };

export type SpaCreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type SpaCreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string, url: string, eventTypes: Array<string>, description: string | null, active: boolean, disabledReason: string | null, createdAt: string } } };

export type SpaDisableWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaDisableWebhookEndpointMutation = { disableWebhookEndpoint: { id: string, url: string, eventTypes: Array<string>, description: string | null, active: boolean, disabledReason: string | null, createdAt: string } };

export type SpaEnableWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaEnableWebhookEndpointMutation = { enableWebhookEndpoint: { id: string, url: string, eventTypes: Array<string>, description: string | null, active: boolean, disabledReason: string | null, createdAt: string } };

export type SpaWebhookDeliveriesQueryVariables = Exact<{
  endpointId: string | number;
  status?: WebhookDeliveryStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SpaWebhookDeliveriesQuery = { webhookDeliveries: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, eventId: string, eventType: string, occurredAt: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastResponseCode: number | null, lastError: string | null, replays: number } }> } };

export type SpaReplayWebhookDeliveryMutationVariables = Exact<{
  id: string | number;
}>;


export type SpaReplayWebhookDeliveryMutation = { replayWebhookDelivery: { id: string, eventId: string, eventType: string, occurredAt: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastResponseCode: number | null, lastError: string | null, replays: number } };

export type SpaWorkOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: WorkOrderFilter | null | undefined;
}>;


export type SpaWorkOrdersQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } }> } };

export type SpaWorkOrderFragment = { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null };

export type SpaTechniciansQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SpaTechniciansQuery = { technicians: { edges: Array<{ node: { id: string, active: boolean, user: { name: string }, skills: Array<{ name: string, level: number }> } }> } };

export type SpaDispatchWorkOrderMutationVariables = Exact<{
  id: string | number;
  technicianId?: string | number | null | undefined;
}>;


export type SpaDispatchWorkOrderMutation = { dispatchWorkOrder: { workOrder: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null }, technician: { id: string } } };

export type SpaUpdateWorkOrderStatusMutationVariables = Exact<{
  id: string | number;
  status: WorkOrderStatus;
}>;


export type SpaUpdateWorkOrderStatusMutation = { updateWorkOrderStatus: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type SpaRescheduleWorkOrderMutationVariables = Exact<{
  id: string | number;
  input: RescheduleWorkOrderInput;
}>;


export type SpaRescheduleWorkOrderMutation = { rescheduleWorkOrder: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type SpaCancelWorkOrderMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type SpaCancelWorkOrderMutation = { cancelWorkOrder: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, customer: { id: string, name: string }, technician: { id: string } | null, schedule: { start: string, end: string } | null } };

export type UpdateLoadMutationVariables = Exact<{
  id: string | number;
  input: UpdateLoadInput;
}>;


export type UpdateLoadMutation = { updateLoad: { id: string, referenceNumber: string, customerReference: string, commodity: string | null, weightLbs: number, rateCents: number, notes: string | null, status: LoadStatus, editableFields: Array<LoadEditableField>, updatedAt: string, stops: Array<{ id: string, sequence: number, type: StopType, name: string | null, arrivedAt: string | null, notes: string | null, window: { start: string, end: string } }> } };

export type CancelLoadMutationVariables = Exact<{
  id: string | number;
  reason: CancellationReason;
  note?: string | null | undefined;
}>;


export type CancelLoadMutation = { cancelLoad: { id: string, status: LoadStatus, editableFields: Array<LoadEditableField>, cancellation: { reason: CancellationReason | null, note: string | null, at: string, by: { id: string } } | null } };

export type RetireVehicleMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type RetireVehicleMutation = { retireVehicle: { id: string, status: VehicleStatus, retiredAt: string | null, retirementReason: string | null } };

export type RetireTrailerMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type RetireTrailerMutation = { retireTrailer: { id: string, status: VehicleStatus, retiredAt: string | null, retirementReason: string | null } };

export type RetireDriverMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type RetireDriverMutation = { retireDriver: { id: string, status: DriverStatus, retiredAt: string | null, retirementReason: string | null } };

export type VehiclesQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: VehicleFilter | null | undefined;
}>;


export type VehiclesQuery = { vehicles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, unitNumber: string, make: string, model: string, year: number, status: VehicleStatus, odometer: number } }> } };

export type CreateVehicleMutationVariables = Exact<{
  input: CreateVehicleInput;
}>;


export type CreateVehicleMutation = { createVehicle: { id: string, unitNumber: string, status: VehicleStatus } };

export type WorkOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: WorkOrderFilter | null | undefined;
}>;


export type WorkOrdersQuery = { workOrders: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, title: string, priority: WorkOrderPriority, status: WorkOrderStatus, createdBy: { id: string, name: string } } }> } };

export type UpdateWorkOrderStatusMutationVariables = Exact<{
  id: string | number;
  status: WorkOrderStatus;
}>;


export type UpdateWorkOrderStatusMutation = { updateWorkOrderStatus: { id: string, status: WorkOrderStatus } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const DutyStatusEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment DutyStatusEventFields on DutyStatusEvent {
  id
  status
  at
  note
  reason
  recordedByDriver
  location {
    latitude
    longitude
  }
}
    `, {"fragmentName":"DutyStatusEventFields"}) as unknown as TypedDocumentString<DutyStatusEventFieldsFragment, unknown>;
export const CustomerLocationsFragmentDoc = new TypedDocumentString(`
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}
    `, {"fragmentName":"CustomerLocations"}) as unknown as TypedDocumentString<CustomerLocationsFragment, unknown>;
export const SpaAgreementFragmentDoc = new TypedDocumentString(`
    fragment SpaAgreement on ServiceAgreement {
  id
  name
  rrule
  startsAt
  retiredAt
  nextOccurrences(count: 3)
  customer {
    id
    name
  }
  template {
    title
    estimatedMinutes
  }
}
    `, {"fragmentName":"SpaAgreement"}) as unknown as TypedDocumentString<SpaAgreementFragment, unknown>;
export const SpaApiClientFragmentDoc = new TypedDocumentString(`
    fragment SpaApiClient on ApiClient {
  id
  name
  roles
  active
  createdAt
  rotatedAt
  revokedAt
  createdBy {
    id
    name
  }
}
    `, {"fragmentName":"SpaApiClient"}) as unknown as TypedDocumentString<SpaApiClientFragment, unknown>;
export const SpaCustomerLocationsFragmentDoc = new TypedDocumentString(`
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}
    `, {"fragmentName":"SpaCustomerLocations"}) as unknown as TypedDocumentString<SpaCustomerLocationsFragment, unknown>;
export const SpaInvoiceMoneyFragmentDoc = new TypedDocumentString(`
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
    `, {"fragmentName":"SpaInvoiceMoney"}) as unknown as TypedDocumentString<SpaInvoiceMoneyFragment, unknown>;
export const SpaInvoiceFragmentDoc = new TypedDocumentString(`
    fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}`, {"fragmentName":"SpaInvoice"}) as unknown as TypedDocumentString<SpaInvoiceFragment, unknown>;
export const SpaLoadFragmentDoc = new TypedDocumentString(`
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  weight {
    value
    unit
  }
  commodity
  rateCents
  notes
  editableFields
  stops {
    type
    outsideWorkingHours
  }
  cancellation {
    reason
    note
  }
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}
    `, {"fragmentName":"SpaLoad"}) as unknown as TypedDocumentString<SpaLoadFragment, unknown>;
export const SpaPartyFragmentDoc = new TypedDocumentString(`
    fragment SpaParty on Party {
  id
  name
  kinds
  email
  phone
  paymentTermsDays
  retiredAt
  locations {
    id
    name
    address {
      city
      state
    }
  }
}
    `, {"fragmentName":"SpaParty"}) as unknown as TypedDocumentString<SpaPartyFragment, unknown>;
export const SpaLoadChargesFragmentDoc = new TypedDocumentString(`
    fragment SpaLoadCharges on Load {
  id
  referenceNumber
  status
  rateCents
  totalCents
  currency
  billTo {
    id
    name
  }
  accessorials {
    id
    kind
    description
    amountCents
  }
  invoice {
    id
    number
    status
  }
}
    `, {"fragmentName":"SpaLoadCharges"}) as unknown as TypedDocumentString<SpaLoadChargesFragment, unknown>;
export const SpaFreightInvoiceFragmentDoc = new TypedDocumentString(`
    fragment SpaFreightInvoice on FreightInvoice {
  id
  number
  status
  billToName
  currency
  totalCents
  paidCents
  balanceCents
  totalFormatted
  balanceFormatted
  sentAt
  dueAt
  voidReason
  loads {
    id
    referenceNumber
  }
  payments {
    id
    amountCents
    method
    reference
    receivedAt
  }
}
    `, {"fragmentName":"SpaFreightInvoice"}) as unknown as TypedDocumentString<SpaFreightInvoiceFragment, unknown>;
export const SpaMoneyFragmentDoc = new TypedDocumentString(`
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
    `, {"fragmentName":"SpaMoney"}) as unknown as TypedDocumentString<SpaMoneyFragment, unknown>;
export const SpaQuoteFragmentDoc = new TypedDocumentString(`
    fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}`, {"fragmentName":"SpaQuote"}) as unknown as TypedDocumentString<SpaQuoteFragment, unknown>;
export const SpaWebhookEndpointFragmentDoc = new TypedDocumentString(`
    fragment SpaWebhookEndpoint on WebhookEndpoint {
  id
  url
  eventTypes
  description
  active
  disabledReason
  createdAt
}
    `, {"fragmentName":"SpaWebhookEndpoint"}) as unknown as TypedDocumentString<SpaWebhookEndpointFragment, unknown>;
export const SpaWebhookDeliveryFragmentDoc = new TypedDocumentString(`
    fragment SpaWebhookDelivery on WebhookDelivery {
  id
  eventId
  eventType
  occurredAt
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastResponseCode
  lastError
  replays
}
    `, {"fragmentName":"SpaWebhookDelivery"}) as unknown as TypedDocumentString<SpaWebhookDeliveryFragment, unknown>;
export const SpaWorkOrderFragmentDoc = new TypedDocumentString(`
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}
    `, {"fragmentName":"SpaWorkOrder"}) as unknown as TypedDocumentString<SpaWorkOrderFragment, unknown>;
export const DriverHoursDocument = new TypedDocumentString(`
    query DriverHours($driverId: ID!) {
  driverHours(driverId: $driverId) {
    asOf
    currentStatus
    currentStatusSince
    drivingMinutesLeft
    limitedBy
    drivingLimitMinutesLeft
    onDutyWindowMinutesLeft
    windowEndsAt
    cycleMinutesLeft
    cycle
    minutesUntilBreak
    breakDueAt
  }
}
    `, {"hash":"sha256:51cf2d884fe85ae189dffd3fa41d2b5f9bdd10d7ccd11f027cc974bf252eeec4"}) as unknown as TypedDocumentString<DriverHoursQuery, DriverHoursQueryVariables>;
export const DriverLogDocument = new TypedDocumentString(`
    query DriverLog($driverId: ID!, $date: String!) {
  driverLog(driverId: $driverId, date: $date) {
    date
    timeZone
    start
    end
    statusAtStart
    events {
      ...DutyStatusEventFields
    }
    superseded {
      ...DutyStatusEventFields
    }
    totals {
      offDutyMinutes
      sleeperBerthMinutes
      drivingMinutes
      onDutyMinutes
    }
  }
}
    fragment DutyStatusEventFields on DutyStatusEvent {
  id
  status
  at
  note
  reason
  recordedByDriver
  location {
    latitude
    longitude
  }
}`, {"hash":"sha256:477436143c4daad32698038c1ab709b986c5a25dc2b5d3c76cd2b303eefb4950"}) as unknown as TypedDocumentString<DriverLogQuery, DriverLogQueryVariables>;
export const HoursViolationsDocument = new TypedDocumentString(`
    query HoursViolations($from: String!, $to: String!, $first: Int, $after: String) {
  hoursViolations(from: $from, to: $to, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        driver {
          id
          licenseNumber
        }
        rule
        startedAt
        endedAt
        minutes
      }
    }
  }
}
    `, {"hash":"sha256:107b46893ffcc1542a93960cadd1b1f1ae1e0df8ce0cfc419c57bd1fd1117476"}) as unknown as TypedDocumentString<HoursViolationsQuery, HoursViolationsQueryVariables>;
export const RecordDutyStatusDocument = new TypedDocumentString(`
    mutation RecordDutyStatus($input: RecordDutyStatusInput!) {
  recordDutyStatus(input: $input) {
    ...DutyStatusEventFields
  }
}
    fragment DutyStatusEventFields on DutyStatusEvent {
  id
  status
  at
  note
  reason
  recordedByDriver
  location {
    latitude
    longitude
  }
}`, {"hash":"sha256:852d27c457b85d10237f54f835251c96e28c29357d1d3a328ca66ddd22b95025"}) as unknown as TypedDocumentString<RecordDutyStatusMutation, RecordDutyStatusMutationVariables>;
export const CorrectDutyStatusDocument = new TypedDocumentString(`
    mutation CorrectDutyStatus($id: ID!, $input: CorrectDutyStatusInput!) {
  correctDutyStatus(id: $id, input: $input) {
    ...DutyStatusEventFields
  }
}
    fragment DutyStatusEventFields on DutyStatusEvent {
  id
  status
  at
  note
  reason
  recordedByDriver
  location {
    latitude
    longitude
  }
}`, {"hash":"sha256:5610102a9baf52dfee33ef1c66c181b878bd3a0131e4ef43400c479df7fbc2ba"}) as unknown as TypedDocumentString<CorrectDutyStatusMutation, CorrectDutyStatusMutationVariables>;
export const UpdateWorkOrderDocument = new TypedDocumentString(`
    mutation UpdateWorkOrder($id: ID!, $input: UpdateWorkOrderInput!) {
  updateWorkOrder(id: $id, input: $input) {
    id
    title
    description
    notes
    priority
    status
    estimatedMinutes
    requestedWindow {
      start
      end
    }
    location {
      id
    }
  }
}
    `, {"hash":"sha256:3678b0cd6e213b782343a55ffd09eecfa349ef4b697c65590befad1b4db242ce"}) as unknown as TypedDocumentString<UpdateWorkOrderMutation, UpdateWorkOrderMutationVariables>;
export const RescheduleWorkOrderDocument = new TypedDocumentString(`
    mutation RescheduleWorkOrder($id: ID!, $input: RescheduleWorkOrderInput!) {
  rescheduleWorkOrder(id: $id, input: $input) {
    id
    status
    technician {
      id
    }
    schedule {
      start
      end
    }
  }
}
    `, {"hash":"sha256:cfb5cf33a6426a7cf188b9c32ecb1c085fb02a5dd26dbf719aac4c1f0a8e77fd"}) as unknown as TypedDocumentString<RescheduleWorkOrderMutation, RescheduleWorkOrderMutationVariables>;
export const CancelWorkOrderDocument = new TypedDocumentString(`
    mutation CancelWorkOrder($id: ID!, $reason: String!) {
  cancelWorkOrder(id: $id, reason: $reason) {
    id
    status
    cancellation {
      reason
      at
      by {
        id
      }
    }
  }
}
    `, {"hash":"sha256:843cf8225a87b5de934a0c534540db0ce86390d49052594920683503b7dcbd5f"}) as unknown as TypedDocumentString<CancelWorkOrderMutation, CancelWorkOrderMutationVariables>;
export const AddCustomerLocationDocument = new TypedDocumentString(`
    mutation AddCustomerLocation($customerId: ID!, $input: CustomerLocationInput!) {
  addCustomerLocation(customerId: $customerId, input: $input) {
    ...CustomerLocations
  }
}
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}`, {"hash":"sha256:0fa3ed3291e4aa1204097382699d45adbd7d155970287923c263689de18059a4"}) as unknown as TypedDocumentString<AddCustomerLocationMutation, AddCustomerLocationMutationVariables>;
export const UpdateCustomerLocationDocument = new TypedDocumentString(`
    mutation UpdateCustomerLocation($customerId: ID!, $locationId: ID!, $input: UpdateCustomerLocationInput!) {
  updateCustomerLocation(
    customerId: $customerId
    locationId: $locationId
    input: $input
  ) {
    ...CustomerLocations
  }
}
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}`, {"hash":"sha256:b1be134d43aff95574b21024efea12b6280d0c220dac7e802ab9353d3f0bbc30"}) as unknown as TypedDocumentString<UpdateCustomerLocationMutation, UpdateCustomerLocationMutationVariables>;
export const RetireCustomerLocationDocument = new TypedDocumentString(`
    mutation RetireCustomerLocation($customerId: ID!, $locationId: ID!) {
  retireCustomerLocation(customerId: $customerId, locationId: $locationId) {
    ...CustomerLocations
  }
}
    fragment CustomerLocations on Customer {
  id
  locations {
    id
    label
    address {
      line1
      line2
      city
      region
      postalCode
      country
    }
    coordinates {
      lat
      lng
    }
  }
}`, {"hash":"sha256:8af14c9609e63ba65081f3472f9f43ac10f4aaeaa20ec118d30b91ad1b23452c"}) as unknown as TypedDocumentString<RetireCustomerLocationMutation, RetireCustomerLocationMutationVariables>;
export const SessionDocument = new TypedDocumentString(`
    query Session {
  me {
    id
    email
    name
    roles
  }
  tenant {
    id
    slug
    name
    appType
    paymentStatus
    placement {
      mode
      writesHeld
    }
  }
}
    `, {"hash":"sha256:75be8923da21a9fae0d595b614d829fe8c1558a7d32938b84fe8698663bcd59a"}) as unknown as TypedDocumentString<SessionQuery, SessionQueryVariables>;
export const SpaAgreementsDocument = new TypedDocumentString(`
    query SpaAgreements($after: String) {
  serviceAgreements(first: 20, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaAgreement
      }
    }
  }
}
    fragment SpaAgreement on ServiceAgreement {
  id
  name
  rrule
  startsAt
  retiredAt
  nextOccurrences(count: 3)
  customer {
    id
    name
  }
  template {
    title
    estimatedMinutes
  }
}`, {"hash":"sha256:5bc5a95d1035c83ef1f3b15ba9ebe7a762dbc032caf6a5e6f84adb411d5e475b"}) as unknown as TypedDocumentString<SpaAgreementsQuery, SpaAgreementsQueryVariables>;
export const SpaAgreementWorkOrdersDocument = new TypedDocumentString(`
    query SpaAgreementWorkOrders($id: ID!) {
  serviceAgreement(id: $id) {
    id
    workOrders(first: 20) {
      totalCount
      edges {
        node {
          id
          number
          status
          occursAt
        }
      }
    }
  }
}
    `, {"hash":"sha256:3d5f685f978fc669db45628c7d8c2114e34464b9b1d7260b2e2a4e218bd0ad85"}) as unknown as TypedDocumentString<SpaAgreementWorkOrdersQuery, SpaAgreementWorkOrdersQueryVariables>;
export const SpaCreateAgreementDocument = new TypedDocumentString(`
    mutation SpaCreateAgreement($input: CreateServiceAgreementInput!) {
  createServiceAgreement(input: $input) {
    ...SpaAgreement
  }
}
    fragment SpaAgreement on ServiceAgreement {
  id
  name
  rrule
  startsAt
  retiredAt
  nextOccurrences(count: 3)
  customer {
    id
    name
  }
  template {
    title
    estimatedMinutes
  }
}`, {"hash":"sha256:6091fa17731fa430ec8d2c1281020e33d089f3ba574b2f1665329fa98a8c2ba8"}) as unknown as TypedDocumentString<SpaCreateAgreementMutation, SpaCreateAgreementMutationVariables>;
export const SpaRetireAgreementDocument = new TypedDocumentString(`
    mutation SpaRetireAgreement($id: ID!) {
  retireServiceAgreement(id: $id) {
    ...SpaAgreement
  }
}
    fragment SpaAgreement on ServiceAgreement {
  id
  name
  rrule
  startsAt
  retiredAt
  nextOccurrences(count: 3)
  customer {
    id
    name
  }
  template {
    title
    estimatedMinutes
  }
}`, {"hash":"sha256:050ae21a9c0a2f18014afb693b666110886e11d9aecb7d446b68e58de5ada343"}) as unknown as TypedDocumentString<SpaRetireAgreementMutation, SpaRetireAgreementMutationVariables>;
export const SpaTechnicianWeekDocument = new TypedDocumentString(`
    query SpaTechnicianWeek($technicianId: ID!, $from: String!, $to: String!) {
  technicianSchedule(technicianId: $technicianId, from: $from, to: $to) {
    timeZone
    travelBufferMinutes
    maxJobsPerDay
    days {
      date
      jobCount
      atDailyLimit
      jobs {
        start
        end
        workOrder {
          id
          number
          title
        }
      }
      travel {
        start
        end
      }
      freeSlots {
        start
        end
      }
    }
  }
}
    `, {"hash":"sha256:ea60e72a24acce6eb920b3ae6c03cc3188126fa1ee54bba8a87bb3aacd488254"}) as unknown as TypedDocumentString<SpaTechnicianWeekQuery, SpaTechnicianWeekQueryVariables>;
export const SpaUpdateAgreementDocument = new TypedDocumentString(`
    mutation SpaUpdateAgreement($id: ID!, $input: UpdateServiceAgreementInput!) {
  updateServiceAgreement(id: $id, input: $input) {
    ...SpaAgreement
  }
}
    fragment SpaAgreement on ServiceAgreement {
  id
  name
  rrule
  startsAt
  retiredAt
  nextOccurrences(count: 3)
  customer {
    id
    name
  }
  template {
    title
    estimatedMinutes
  }
}`, {"hash":"sha256:dee883856c133eaf1815e717c1dc1d9f3a13b27f73eaacb9f97938f4bf15d4bc"}) as unknown as TypedDocumentString<SpaUpdateAgreementMutation, SpaUpdateAgreementMutationVariables>;
export const SpaApiClientsDocument = new TypedDocumentString(`
    query SpaApiClients($first: Int, $after: String) {
  apiClients(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaApiClient
      }
    }
  }
}
    fragment SpaApiClient on ApiClient {
  id
  name
  roles
  active
  createdAt
  rotatedAt
  revokedAt
  createdBy {
    id
    name
  }
}`, {"hash":"sha256:5048f6ba1c579a3b568baf71a0f67bac6b0c0d1547679fdab5c89b62f60bb082"}) as unknown as TypedDocumentString<SpaApiClientsQuery, SpaApiClientsQueryVariables>;
export const SpaCreateApiClientDocument = new TypedDocumentString(`
    mutation SpaCreateApiClient($input: CreateApiClientInput!) {
  createApiClient(input: $input) {
    secret
    client {
      ...SpaApiClient
    }
  }
}
    fragment SpaApiClient on ApiClient {
  id
  name
  roles
  active
  createdAt
  rotatedAt
  revokedAt
  createdBy {
    id
    name
  }
}`, {"hash":"sha256:debc0e0a45467353e90ae3129c7fe1d2856979603badb23ec72cd2e1216a6634"}) as unknown as TypedDocumentString<SpaCreateApiClientMutation, SpaCreateApiClientMutationVariables>;
export const SpaRotateApiClientSecretDocument = new TypedDocumentString(`
    mutation SpaRotateApiClientSecret($id: ID!) {
  rotateApiClientSecret(id: $id) {
    secret
    client {
      ...SpaApiClient
    }
  }
}
    fragment SpaApiClient on ApiClient {
  id
  name
  roles
  active
  createdAt
  rotatedAt
  revokedAt
  createdBy {
    id
    name
  }
}`, {"hash":"sha256:643130141353bfbb728c972eeece1c167655fe98a709e13568a897313f5ca469"}) as unknown as TypedDocumentString<SpaRotateApiClientSecretMutation, SpaRotateApiClientSecretMutationVariables>;
export const SpaRevokeApiClientDocument = new TypedDocumentString(`
    mutation SpaRevokeApiClient($id: ID!) {
  revokeApiClient(id: $id) {
    ...SpaApiClient
  }
}
    fragment SpaApiClient on ApiClient {
  id
  name
  roles
  active
  createdAt
  rotatedAt
  revokedAt
  createdBy {
    id
    name
  }
}`, {"hash":"sha256:bdaf8f5209728b14f91214c7a7894ff6e4e56138290db6366a7b7fae9efe4edc"}) as unknown as TypedDocumentString<SpaRevokeApiClientMutation, SpaRevokeApiClientMutationVariables>;
export const SpaCustomersDocument = new TypedDocumentString(`
    query SpaCustomers($first: Int, $after: String) {
  customers(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
      }
    }
  }
}
    `, {"hash":"sha256:7b5fec669ab19511a8cc0d98ff960ee7e2e991d56cbde9ba244ea38be61b86ba"}) as unknown as TypedDocumentString<SpaCustomersQuery, SpaCustomersQueryVariables>;
export const SpaCustomerLocationsDocument = new TypedDocumentString(`
    query SpaCustomerLocations($id: ID!) {
  customer(id: $id) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`, {"hash":"sha256:68fcf72da5ea82140e8724950d2647352c24720ce91365dc5fdc39c00d225f98"}) as unknown as TypedDocumentString<SpaCustomerLocationsQuery, SpaCustomerLocationsQueryVariables>;
export const SpaAddCustomerLocationDocument = new TypedDocumentString(`
    mutation SpaAddCustomerLocation($customerId: ID!, $input: CustomerLocationInput!) {
  addCustomerLocation(customerId: $customerId, input: $input) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`, {"hash":"sha256:44ea05c2b5fc5a0e1c5eba09b31e92c113bffa2127092e19cb9fd5a024a28d6f"}) as unknown as TypedDocumentString<SpaAddCustomerLocationMutation, SpaAddCustomerLocationMutationVariables>;
export const SpaUpdateCustomerLocationDocument = new TypedDocumentString(`
    mutation SpaUpdateCustomerLocation($customerId: ID!, $locationId: ID!, $input: UpdateCustomerLocationInput!) {
  updateCustomerLocation(
    customerId: $customerId
    locationId: $locationId
    input: $input
  ) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`, {"hash":"sha256:2aa188884190e1cda62f759ea10e2b9169204cb305d24fae4b089d5d7bee1c9b"}) as unknown as TypedDocumentString<SpaUpdateCustomerLocationMutation, SpaUpdateCustomerLocationMutationVariables>;
export const SpaRetireCustomerLocationDocument = new TypedDocumentString(`
    mutation SpaRetireCustomerLocation($customerId: ID!, $locationId: ID!) {
  retireCustomerLocation(customerId: $customerId, locationId: $locationId) {
    ...SpaCustomerLocations
  }
}
    fragment SpaCustomerLocations on Customer {
  id
  name
  locations {
    id
    label
    address {
      line1
      city
      postalCode
    }
  }
}`, {"hash":"sha256:198d77066af27394b363abc9c7265244b3a618e81d5aa3dd0bb77ea14ef6741b"}) as unknown as TypedDocumentString<SpaRetireCustomerLocationMutation, SpaRetireCustomerLocationMutationVariables>;
export const SpaDispatchBoardDocument = new TypedDocumentString(`
    query SpaDispatchBoard($date: String) {
  dispatchBoard(date: $date) {
    date
    timeZone
    reminderLeadDays
    drivers {
      driver {
        id
        licenseNumber
        user {
          name
        }
      }
      availability
      currentLoad {
        id
        referenceNumber
      }
      hours {
        drivingMinutesLeft
      }
      conflicts {
        kind
        message
      }
    }
    vehicles {
      vehicle {
        id
        unitNumber
      }
      availability
      currentLoad {
        id
        referenceNumber
      }
      conflicts {
        kind
        message
      }
    }
    unassignedLoads {
      id
      referenceNumber
    }
    lateLoads {
      id
      referenceNumber
    }
    maintenanceDueSoon {
      status
      vehicle {
        unitNumber
      }
      schedule {
        name
      }
    }
  }
}
    `, {"hash":"sha256:88db3024348c57478ae29ed175e2ff5c676913a4b3b123ad13cfcbd97c6d5e34"}) as unknown as TypedDocumentString<SpaDispatchBoardQuery, SpaDispatchBoardQueryVariables>;
export const SpaLoadPaperDocument = new TypedDocumentString(`
    query SpaLoadPaper($id: ID!) {
  load(id: $id) {
    id
    referenceNumber
    status
    stops {
      id
      sequence
      type
      name
    }
    eta {
      origin
      late
      stops {
        stopId
        sequence
        arriveAt
        late
        lateMinutes
      }
    }
    documents {
      id
      kind
      name
      contentType
      size
      stopId
      downloadLink {
        url
        expiresAt
      }
    }
  }
}
    `, {"hash":"sha256:43e51a2a1a902e57129281ad2b38bb7bccc027d3e1fd070dc6fdb5e24f7e53c8"}) as unknown as TypedDocumentString<SpaLoadPaperQuery, SpaLoadPaperQueryVariables>;
export const SpaAttachDocumentDocument = new TypedDocumentString(`
    mutation SpaAttachDocument($input: AttachDocumentInput!) {
  attachDocument(input: $input) {
    id
  }
}
    `, {"hash":"sha256:7c2c6428c7f345a17fe8b526486fea77c6c8a39798b7e81cb8a61c0a84b24f48"}) as unknown as TypedDocumentString<SpaAttachDocumentMutation, SpaAttachDocumentMutationVariables>;
export const SpaOnTimeReportDocument = new TypedDocumentString(`
    query SpaOnTimeReport($from: String!, $to: String!) {
  onTimeReport(from: $from, to: $to) {
    loads
    pickups {
      total
      onTime
      percent
    }
    deliveries {
      total
      onTime
      percent
    }
  }
}
    `, {"hash":"sha256:ddc0228e8b0dc6a9ac6c39bbe53a02d3094112d93a82a4d490c2e03b36a37055"}) as unknown as TypedDocumentString<SpaOnTimeReportQuery, SpaOnTimeReportQueryVariables>;
export const SpaDriverHoursDocument = new TypedDocumentString(`
    query SpaDriverHours($first: Int) {
  drivers(first: $first) {
    edges {
      node {
        id
        status
        user {
          name
        }
        hours {
          currentStatus
          currentStatusSince
          drivingMinutesLeft
          limitedBy
          onDutyWindowMinutesLeft
          cycleMinutesLeft
          minutesUntilBreak
        }
      }
    }
  }
}
    `, {"hash":"sha256:1f257febe5ecb2fa9e0c55f814a60ea5336787a71cc62b01faac31681718b16e"}) as unknown as TypedDocumentString<SpaDriverHoursQuery, SpaDriverHoursQueryVariables>;
export const SpaInvoicesDocument = new TypedDocumentString(`
    query SpaInvoices($after: String, $filter: InvoiceFilter) {
  invoices(first: 20, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaInvoice
      }
    }
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}`, {"hash":"sha256:433db88c51deec28d2feb614dd2b643b087f22f2bfee28be53b7d54197d17747"}) as unknown as TypedDocumentString<SpaInvoicesQuery, SpaInvoicesQueryVariables>;
export const SpaCreateInvoiceDocument = new TypedDocumentString(`
    mutation SpaCreateInvoice($workOrderId: ID!) {
  createInvoice(workOrderId: $workOrderId) {
    ...SpaInvoice
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}`, {"hash":"sha256:d4aa5784156a450cb4e64a3360d04508e646bac32f1472bbb131284efaf7b452"}) as unknown as TypedDocumentString<SpaCreateInvoiceMutation, SpaCreateInvoiceMutationVariables>;
export const SpaIssueInvoiceDocument = new TypedDocumentString(`
    mutation SpaIssueInvoice($id: ID!) {
  issueInvoice(id: $id) {
    ...SpaInvoice
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}`, {"hash":"sha256:42de754a05773bf8852f900f83f46402f64de9326647db8be944a3f2fde6787d"}) as unknown as TypedDocumentString<SpaIssueInvoiceMutation, SpaIssueInvoiceMutationVariables>;
export const SpaRecordPaymentDocument = new TypedDocumentString(`
    mutation SpaRecordPayment($id: ID!, $input: RecordPaymentInput!) {
  recordPayment(id: $id, input: $input) {
    ...SpaInvoice
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}`, {"hash":"sha256:ec25588763976ec2977121584a1799f3aabda6fec3937da76a0dd679c3e14163"}) as unknown as TypedDocumentString<SpaRecordPaymentMutation, SpaRecordPaymentMutationVariables>;
export const SpaVoidInvoiceDocument = new TypedDocumentString(`
    mutation SpaVoidInvoice($id: ID!, $reason: String!) {
  voidInvoice(id: $id, reason: $reason) {
    ...SpaInvoice
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}`, {"hash":"sha256:5be4354f3aa7e4bbbb60504cc913265afff2d4ec21cc87ff89ebb08a07137d62"}) as unknown as TypedDocumentString<SpaVoidInvoiceMutation, SpaVoidInvoiceMutationVariables>;
export const SpaRecordRefundDocument = new TypedDocumentString(`
    mutation SpaRecordRefund($id: ID!, $input: RecordRefundInput!) {
  recordRefund(id: $id, input: $input) {
    ...SpaInvoice
  }
}
    fragment SpaInvoiceMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaInvoice on Invoice {
  id
  number
  status
  currency
  taxRateBasisPoints
  issuedAt
  voidReason
  createdAt
  workOrder {
    id
    number
    title
  }
  customer {
    id
    name
    email
    phone
  }
  location {
    id
    address {
      line1
      city
      region
      postalCode
    }
  }
  lines {
    id
    kind
    description
    quantity
    unitPrice {
      ...SpaInvoiceMoney
    }
    amount {
      ...SpaInvoiceMoney
    }
  }
  totals {
    subtotal {
      ...SpaInvoiceMoney
    }
    tax {
      ...SpaInvoiceMoney
    }
    total {
      ...SpaInvoiceMoney
    }
  }
  paid {
    ...SpaInvoiceMoney
  }
  balance {
    ...SpaInvoiceMoney
  }
  payments {
    id
    method
    reference
    receivedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
  refunded {
    ...SpaInvoiceMoney
  }
  refunds {
    id
    method
    reason
    refundedAt
    amount {
      ...SpaInvoiceMoney
    }
  }
}`, {"hash":"sha256:3c6a050a165d3ff80e3aac3e08715a81d5e4e9d2a680255faa6235caf1b4de00"}) as unknown as TypedDocumentString<SpaRecordRefundMutation, SpaRecordRefundMutationVariables>;
export const SpaJobDocument = new TypedDocumentString(`
    query SpaJob($id: ID!) {
  workOrder(id: $id) {
    id
    number
    title
    status
    jobType
    followUpDueAt
    followUp {
      id
      number
    }
    checklist {
      itemId
      label
      required
      done
      note
    }
    attachments {
      id
      kind
      name
      contentType
      size
      checklistItemId
      downloadLink {
        url
      }
    }
  }
}
    `, {"hash":"sha256:2a70eb6a8a981b66cb4990c01caa08a8a073f23630280534d97ec1b5a2485eb5"}) as unknown as TypedDocumentString<SpaJobQuery, SpaJobQueryVariables>;
export const SpaCheckChecklistItemDocument = new TypedDocumentString(`
    mutation SpaCheckChecklistItem($workOrderId: ID!, $itemId: ID!, $done: Boolean!) {
  checkChecklistItem(workOrderId: $workOrderId, itemId: $itemId, done: $done) {
    id
    checklist {
      itemId
      done
    }
  }
}
    `, {"hash":"sha256:6830c5a3b00ef1927d35d9c975e5e4e81ec1c46e383d3a8f992a2db4acce4fed"}) as unknown as TypedDocumentString<SpaCheckChecklistItemMutation, SpaCheckChecklistItemMutationVariables>;
export const SpaAttachToWorkOrderDocument = new TypedDocumentString(`
    mutation SpaAttachToWorkOrder($input: AttachToWorkOrderInput!) {
  attachToWorkOrder(input: $input) {
    id
  }
}
    `, {"hash":"sha256:2256c13bf9e93610b18b9c271c0ba95b21fbab9ddb57738a3ed6351c131c3b3a"}) as unknown as TypedDocumentString<SpaAttachToWorkOrderMutation, SpaAttachToWorkOrderMutationVariables>;
export const SpaRetireWorkOrderAttachmentDocument = new TypedDocumentString(`
    mutation SpaRetireWorkOrderAttachment($id: ID!, $reason: String) {
  retireWorkOrderAttachment(id: $id, reason: $reason) {
    id
  }
}
    `, {"hash":"sha256:85acba72169e6ad363fd3c3b08db7e3689b8aed80cbce3d2d2d6a433e92d63af"}) as unknown as TypedDocumentString<SpaRetireWorkOrderAttachmentMutation, SpaRetireWorkOrderAttachmentMutationVariables>;
export const SpaScheduleFollowUpDocument = new TypedDocumentString(`
    mutation SpaScheduleFollowUp($id: ID!, $windowHours: Int) {
  scheduleFollowUp(id: $id, windowHours: $windowHours) {
    id
    number
    requestedWindow {
      start
      end
    }
  }
}
    `, {"hash":"sha256:41b3543f00d38f9c5c625318c8f4022725aa395cc1c491920c23fd23881f74ed"}) as unknown as TypedDocumentString<SpaScheduleFollowUpMutation, SpaScheduleFollowUpMutationVariables>;
export const SpaFollowUpsDueDocument = new TypedDocumentString(`
    query SpaFollowUpsDue($after: String) {
  workOrders(first: 50, after: $after, filter: {followUpPending: true}) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        number
        title
        followUpDueAt
        customer {
          id
          name
        }
      }
    }
  }
}
    `, {"hash":"sha256:327fbccdfd2b004af3f784b1277a9989cd6da97a9ce70aba4fefac19a5b619ea"}) as unknown as TypedDocumentString<SpaFollowUpsDueQuery, SpaFollowUpsDueQueryVariables>;
export const SpaServiceReportDocument = new TypedDocumentString(`
    query SpaServiceReport($from: String!, $to: String!, $returnWindowDays: Int) {
  serviceReport(from: $from, to: $to, returnWindowDays: $returnWindowDays) {
    from
    to
    jobsCompleted
    firstTimeFix {
      returnWindowDays
      jobs
      fixedFirstTime
      rate
    }
    response {
      jobsWithDueBy
      onTime
      onTimeRate
      averageResponseMinutes
      averageAllowedMinutes
      averageMarginMinutes
    }
    technicianUtilisation {
      technician {
        id
        user {
          name
        }
      }
      availableHours
      bookedHours
      utilisation
    }
    revenueByJobType {
      jobType
      invoices
      revenue {
        formatted
      }
    }
  }
}
    `, {"hash":"sha256:6a25d0f755916282059b4505b518ed54c244cfe31e7ca4103ea323a0ba6b9517"}) as unknown as TypedDocumentString<SpaServiceReportQuery, SpaServiceReportQueryVariables>;
export const SpaLoadsDocument = new TypedDocumentString(`
    query SpaLoads($first: Int, $after: String, $filter: LoadFilter) {
  loads(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...SpaLoad
      }
    }
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  weight {
    value
    unit
  }
  commodity
  rateCents
  notes
  editableFields
  stops {
    type
    outsideWorkingHours
  }
  cancellation {
    reason
    note
  }
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`, {"hash":"sha256:9f94e64789d652fa7729c31eb772a353ec304adcb017b61f3b530754907b71a3"}) as unknown as TypedDocumentString<SpaLoadsQuery, SpaLoadsQueryVariables>;
export const SpaFleetDocument = new TypedDocumentString(`
    query SpaFleet($first: Int) {
  drivers(first: $first, filter: {includeRetired: true}) {
    edges {
      node {
        id
        status
        licenseExpired
        user {
          name
        }
        currentLoad {
          id
        }
      }
    }
  }
  vehicles(first: $first, filter: {includeRetired: true}) {
    edges {
      node {
        id
        unitNumber
        make
        model
        status
        currentLoad {
          id
        }
      }
    }
  }
}
    `, {"hash":"sha256:199524eafd1265184c3bef0d006b2b4e02a18b62da2e09a4dce3456ab330f515"}) as unknown as TypedDocumentString<SpaFleetQuery, SpaFleetQueryVariables>;
export const SpaAssignLoadDocument = new TypedDocumentString(`
    mutation SpaAssignLoad($id: ID!, $driverId: ID!, $vehicleId: ID!) {
  assignLoad(id: $id, driverId: $driverId, vehicleId: $vehicleId) {
    ...SpaLoad
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  weight {
    value
    unit
  }
  commodity
  rateCents
  notes
  editableFields
  stops {
    type
    outsideWorkingHours
  }
  cancellation {
    reason
    note
  }
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`, {"hash":"sha256:43c53016e46bf33baf16d8c10c1127a7eca1c042335f6d6bd1b9f3a14445b798"}) as unknown as TypedDocumentString<SpaAssignLoadMutation, SpaAssignLoadMutationVariables>;
export const SpaUpdateLoadStatusDocument = new TypedDocumentString(`
    mutation SpaUpdateLoadStatus($id: ID!, $status: LoadStatus!) {
  updateLoadStatus(id: $id, status: $status) {
    ...SpaLoad
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  weight {
    value
    unit
  }
  commodity
  rateCents
  notes
  editableFields
  stops {
    type
    outsideWorkingHours
  }
  cancellation {
    reason
    note
  }
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`, {"hash":"sha256:7f84f9ad2a690727ce2cfa6149a1d0344e035aedf2eb90c8f37ee5b738b4cb3e"}) as unknown as TypedDocumentString<SpaUpdateLoadStatusMutation, SpaUpdateLoadStatusMutationVariables>;
export const SpaUpdateLoadDocument = new TypedDocumentString(`
    mutation SpaUpdateLoad($id: ID!, $input: UpdateLoadInput!) {
  updateLoad(id: $id, input: $input) {
    ...SpaLoad
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  weight {
    value
    unit
  }
  commodity
  rateCents
  notes
  editableFields
  stops {
    type
    outsideWorkingHours
  }
  cancellation {
    reason
    note
  }
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`, {"hash":"sha256:42e55b2228f4f4c932e9aa21dc2a474f4f2f28fbc86fd57e4d320a41ab783cf2"}) as unknown as TypedDocumentString<SpaUpdateLoadMutation, SpaUpdateLoadMutationVariables>;
export const SpaCancelLoadDocument = new TypedDocumentString(`
    mutation SpaCancelLoad($id: ID!, $reason: CancellationReason!, $note: String) {
  cancelLoad(id: $id, reason: $reason, note: $note) {
    ...SpaLoad
  }
}
    fragment SpaLoad on Load {
  id
  referenceNumber
  customerReference
  status
  nextStatuses
  pickupAt
  deliverBy
  weightLbs
  weight {
    value
    unit
  }
  commodity
  rateCents
  notes
  editableFields
  stops {
    type
    outsideWorkingHours
  }
  cancellation {
    reason
    note
  }
  driver {
    id
  }
  vehicle {
    id
    unitNumber
  }
}`, {"hash":"sha256:517dca3b91376dd70a4737988c64f8a2618a014d26561da8e354c9c0a0c2c24e"}) as unknown as TypedDocumentString<SpaCancelLoadMutation, SpaCancelLoadMutationVariables>;
export const SpaPartiesDocument = new TypedDocumentString(`
    query SpaParties($first: Int, $after: String, $filter: PartyFilter) {
  parties(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaParty
      }
    }
  }
}
    fragment SpaParty on Party {
  id
  name
  kinds
  email
  phone
  paymentTermsDays
  retiredAt
  locations {
    id
    name
    address {
      city
      state
    }
  }
}`, {"hash":"sha256:517fb4d16a43e47d7c2167385cc1a2df712b3e1fb48798824afae1c5d1bfb4f3"}) as unknown as TypedDocumentString<SpaPartiesQuery, SpaPartiesQueryVariables>;
export const SpaCreatePartyDocument = new TypedDocumentString(`
    mutation SpaCreateParty($input: CreatePartyInput!) {
  createParty(input: $input) {
    ...SpaParty
  }
}
    fragment SpaParty on Party {
  id
  name
  kinds
  email
  phone
  paymentTermsDays
  retiredAt
  locations {
    id
    name
    address {
      city
      state
    }
  }
}`, {"hash":"sha256:58f5715db82a8d0fcc5442c8b9968e9b718f421c729918cab3194e565c553da4"}) as unknown as TypedDocumentString<SpaCreatePartyMutation, SpaCreatePartyMutationVariables>;
export const SpaUpdatePartyDocument = new TypedDocumentString(`
    mutation SpaUpdateParty($id: ID!, $input: UpdatePartyInput!) {
  updateParty(id: $id, input: $input) {
    ...SpaParty
  }
}
    fragment SpaParty on Party {
  id
  name
  kinds
  email
  phone
  paymentTermsDays
  retiredAt
  locations {
    id
    name
    address {
      city
      state
    }
  }
}`, {"hash":"sha256:d70707639c14ae876b224d98ea791e605b5036fa7ee815b4e72ec3a22dd24af0"}) as unknown as TypedDocumentString<SpaUpdatePartyMutation, SpaUpdatePartyMutationVariables>;
export const SpaRetirePartyDocument = new TypedDocumentString(`
    mutation SpaRetireParty($id: ID!, $reason: String) {
  retireParty(id: $id, reason: $reason) {
    ...SpaParty
  }
}
    fragment SpaParty on Party {
  id
  name
  kinds
  email
  phone
  paymentTermsDays
  retiredAt
  locations {
    id
    name
    address {
      city
      state
    }
  }
}`, {"hash":"sha256:326f59de94b480c6eff917588785a8038d4a612cae6578e9b04735db281e0083"}) as unknown as TypedDocumentString<SpaRetirePartyMutation, SpaRetirePartyMutationVariables>;
export const SpaReinstatePartyDocument = new TypedDocumentString(`
    mutation SpaReinstateParty($id: ID!) {
  reinstateParty(id: $id) {
    ...SpaParty
  }
}
    fragment SpaParty on Party {
  id
  name
  kinds
  email
  phone
  paymentTermsDays
  retiredAt
  locations {
    id
    name
    address {
      city
      state
    }
  }
}`, {"hash":"sha256:c7f21ba856e7818d88bf1442d8e41a1a2a2de6f99c8afb192a71a7c3f8d57d6e"}) as unknown as TypedDocumentString<SpaReinstatePartyMutation, SpaReinstatePartyMutationVariables>;
export const SpaLoadChargesDocument = new TypedDocumentString(`
    query SpaLoadCharges($id: ID!) {
  load(id: $id) {
    ...SpaLoadCharges
  }
}
    fragment SpaLoadCharges on Load {
  id
  referenceNumber
  status
  rateCents
  totalCents
  currency
  billTo {
    id
    name
  }
  accessorials {
    id
    kind
    description
    amountCents
  }
  invoice {
    id
    number
    status
  }
}`, {"hash":"sha256:626e12b63f681f724ac894b303ab9ae757f3567c2036055272423452a9adefa2"}) as unknown as TypedDocumentString<SpaLoadChargesQuery, SpaLoadChargesQueryVariables>;
export const SpaSetLoadBillToDocument = new TypedDocumentString(`
    mutation SpaSetLoadBillTo($id: ID!, $billToId: ID) {
  setLoadBillTo(id: $id, billToId: $billToId) {
    ...SpaLoadCharges
  }
}
    fragment SpaLoadCharges on Load {
  id
  referenceNumber
  status
  rateCents
  totalCents
  currency
  billTo {
    id
    name
  }
  accessorials {
    id
    kind
    description
    amountCents
  }
  invoice {
    id
    number
    status
  }
}`, {"hash":"sha256:81b025b87eb578db0abc2b1a51b0cba0b30c7384169f2c3759879a8734ed5ef8"}) as unknown as TypedDocumentString<SpaSetLoadBillToMutation, SpaSetLoadBillToMutationVariables>;
export const SpaAddAccessorialDocument = new TypedDocumentString(`
    mutation SpaAddAccessorial($loadId: ID!, $input: AddAccessorialInput!) {
  addAccessorial(loadId: $loadId, input: $input) {
    ...SpaLoadCharges
  }
}
    fragment SpaLoadCharges on Load {
  id
  referenceNumber
  status
  rateCents
  totalCents
  currency
  billTo {
    id
    name
  }
  accessorials {
    id
    kind
    description
    amountCents
  }
  invoice {
    id
    number
    status
  }
}`, {"hash":"sha256:64184d883d971fbd37596f0901af5c5d517a7b6623c3a926952444b6ba825b41"}) as unknown as TypedDocumentString<SpaAddAccessorialMutation, SpaAddAccessorialMutationVariables>;
export const SpaRemoveAccessorialDocument = new TypedDocumentString(`
    mutation SpaRemoveAccessorial($loadId: ID!, $accessorialId: ID!) {
  removeAccessorial(loadId: $loadId, accessorialId: $accessorialId) {
    ...SpaLoadCharges
  }
}
    fragment SpaLoadCharges on Load {
  id
  referenceNumber
  status
  rateCents
  totalCents
  currency
  billTo {
    id
    name
  }
  accessorials {
    id
    kind
    description
    amountCents
  }
  invoice {
    id
    number
    status
  }
}`, {"hash":"sha256:e1deeef114e40614ca72f9cfcaf74d6a16fdb28c5c4e2c610994ff4fc8f4e98c"}) as unknown as TypedDocumentString<SpaRemoveAccessorialMutation, SpaRemoveAccessorialMutationVariables>;
export const SpaFreightInvoicesDocument = new TypedDocumentString(`
    query SpaFreightInvoices($first: Int, $after: String) {
  freightInvoices(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaFreightInvoice
      }
    }
  }
}
    fragment SpaFreightInvoice on FreightInvoice {
  id
  number
  status
  billToName
  currency
  totalCents
  paidCents
  balanceCents
  totalFormatted
  balanceFormatted
  sentAt
  dueAt
  voidReason
  loads {
    id
    referenceNumber
  }
  payments {
    id
    amountCents
    method
    reference
    receivedAt
  }
}`, {"hash":"sha256:cd2dde3a0ec996a4711b764624163634c36c3eda4e3c929bd76e71faf3f78817"}) as unknown as TypedDocumentString<SpaFreightInvoicesQuery, SpaFreightInvoicesQueryVariables>;
export const SpaCreateFreightInvoiceDocument = new TypedDocumentString(`
    mutation SpaCreateFreightInvoice($loadIds: [ID!]!) {
  createFreightInvoice(loadIds: $loadIds) {
    ...SpaFreightInvoice
  }
}
    fragment SpaFreightInvoice on FreightInvoice {
  id
  number
  status
  billToName
  currency
  totalCents
  paidCents
  balanceCents
  totalFormatted
  balanceFormatted
  sentAt
  dueAt
  voidReason
  loads {
    id
    referenceNumber
  }
  payments {
    id
    amountCents
    method
    reference
    receivedAt
  }
}`, {"hash":"sha256:41480e68cf16c4f4675ec7703e02434412f4a1b4e2700f3e8780ba9f2f5eda40"}) as unknown as TypedDocumentString<SpaCreateFreightInvoiceMutation, SpaCreateFreightInvoiceMutationVariables>;
export const SpaSendFreightInvoiceDocument = new TypedDocumentString(`
    mutation SpaSendFreightInvoice($id: ID!) {
  sendFreightInvoice(id: $id) {
    ...SpaFreightInvoice
  }
}
    fragment SpaFreightInvoice on FreightInvoice {
  id
  number
  status
  billToName
  currency
  totalCents
  paidCents
  balanceCents
  totalFormatted
  balanceFormatted
  sentAt
  dueAt
  voidReason
  loads {
    id
    referenceNumber
  }
  payments {
    id
    amountCents
    method
    reference
    receivedAt
  }
}`, {"hash":"sha256:5646d90588538826b39450ad57dfec571babffca7b5dae4d0ca88f8877f05f35"}) as unknown as TypedDocumentString<SpaSendFreightInvoiceMutation, SpaSendFreightInvoiceMutationVariables>;
export const SpaRecordFreightPaymentDocument = new TypedDocumentString(`
    mutation SpaRecordFreightPayment($id: ID!, $input: RecordFreightPaymentInput!) {
  recordFreightPayment(id: $id, input: $input) {
    ...SpaFreightInvoice
  }
}
    fragment SpaFreightInvoice on FreightInvoice {
  id
  number
  status
  billToName
  currency
  totalCents
  paidCents
  balanceCents
  totalFormatted
  balanceFormatted
  sentAt
  dueAt
  voidReason
  loads {
    id
    referenceNumber
  }
  payments {
    id
    amountCents
    method
    reference
    receivedAt
  }
}`, {"hash":"sha256:deb506c88d87d836a99e5dcb2cf8d666fd8e8758d82041675d0c5582bd077286"}) as unknown as TypedDocumentString<SpaRecordFreightPaymentMutation, SpaRecordFreightPaymentMutationVariables>;
export const SpaVoidFreightInvoiceDocument = new TypedDocumentString(`
    mutation SpaVoidFreightInvoice($id: ID!, $reason: String!) {
  voidFreightInvoice(id: $id, reason: $reason) {
    ...SpaFreightInvoice
  }
}
    fragment SpaFreightInvoice on FreightInvoice {
  id
  number
  status
  billToName
  currency
  totalCents
  paidCents
  balanceCents
  totalFormatted
  balanceFormatted
  sentAt
  dueAt
  voidReason
  loads {
    id
    referenceNumber
  }
  payments {
    id
    amountCents
    method
    reference
    receivedAt
  }
}`, {"hash":"sha256:c4b48c5cfa13530318ff3c31abba6ee7126e5930284a7ab667eceaedafe3c10b"}) as unknown as TypedDocumentString<SpaVoidFreightInvoiceMutation, SpaVoidFreightInvoiceMutationVariables>;
export const SpaQuotesDocument = new TypedDocumentString(`
    query SpaQuotes($after: String, $filter: QuoteFilter) {
  quotes(first: 20, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaQuote
      }
    }
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}`, {"hash":"sha256:90e36b2b7c757b9d370a6dbda29c8c1357321b0236a90b5647b0a111a5bd0743"}) as unknown as TypedDocumentString<SpaQuotesQuery, SpaQuotesQueryVariables>;
export const SpaInventoryItemsDocument = new TypedDocumentString(`
    query SpaInventoryItems($first: Int) {
  inventoryItems(first: $first) {
    edges {
      node {
        id
        sku
        name
        unitCostCents
      }
    }
  }
}
    `, {"hash":"sha256:40864123308809113a2fd433445adea9930b6ba8e6faf4ee1eb60221e7701533"}) as unknown as TypedDocumentString<SpaInventoryItemsQuery, SpaInventoryItemsQueryVariables>;
export const SpaCreateQuoteDocument = new TypedDocumentString(`
    mutation SpaCreateQuote($input: CreateQuoteInput!) {
  createQuote(input: $input) {
    ...SpaQuote
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}`, {"hash":"sha256:7f22eae5e1e0fc760cf32cced0596f4267935515d9edc545959aa5078cc02178"}) as unknown as TypedDocumentString<SpaCreateQuoteMutation, SpaCreateQuoteMutationVariables>;
export const SpaUpdateQuoteDocument = new TypedDocumentString(`
    mutation SpaUpdateQuote($id: ID!, $input: UpdateQuoteInput!) {
  updateQuote(id: $id, input: $input) {
    ...SpaQuote
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}`, {"hash":"sha256:06a64eabc2fd5d90700c6de29272c511cb2621c137fcec5db745110dae34dea3"}) as unknown as TypedDocumentString<SpaUpdateQuoteMutation, SpaUpdateQuoteMutationVariables>;
export const SpaSendQuoteDocument = new TypedDocumentString(`
    mutation SpaSendQuote($id: ID!) {
  sendQuote(id: $id) {
    ...SpaQuote
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}`, {"hash":"sha256:326e1c76549caadf9da42b0347571483751ac573247c3bf10d98b210605c4d48"}) as unknown as TypedDocumentString<SpaSendQuoteMutation, SpaSendQuoteMutationVariables>;
export const SpaAcceptQuoteDocument = new TypedDocumentString(`
    mutation SpaAcceptQuote($id: ID!, $option: String) {
  acceptQuote(id: $id, option: $option) {
    ...SpaQuote
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}`, {"hash":"sha256:33a750631ede1a62e8a54a60b0513f6677b32a7833a8168b1fe624682e121577"}) as unknown as TypedDocumentString<SpaAcceptQuoteMutation, SpaAcceptQuoteMutationVariables>;
export const SpaDeclineQuoteDocument = new TypedDocumentString(`
    mutation SpaDeclineQuote($id: ID!, $reason: String) {
  declineQuote(id: $id, reason: $reason) {
    ...SpaQuote
  }
}
    fragment SpaMoney on Money {
  amountCents
  currency
  formatted
}
fragment SpaQuote on Quote {
  id
  number
  title
  status
  currency
  taxRateBasisPoints
  validUntil
  acceptedOption
  declineReason
  customer {
    id
    name
  }
  lines {
    id
    kind
    description
    quantity
    taxable
    option
    item {
      id
    }
    unitPrice {
      ...SpaMoney
    }
    amount {
      ...SpaMoney
    }
  }
  options {
    name
    totals {
      total {
        ...SpaMoney
      }
    }
  }
  totals {
    subtotal {
      ...SpaMoney
    }
    tax {
      ...SpaMoney
    }
    total {
      ...SpaMoney
    }
  }
  workOrder {
    id
    number
    status
  }
}`, {"hash":"sha256:5cf02de551f08c193d92bd28f022c4b4daf2a22581d0a294e960bad5151f363d"}) as unknown as TypedDocumentString<SpaDeclineQuoteMutation, SpaDeclineQuoteMutationVariables>;
export const SpaReportsDocument = new TypedDocumentString(`
    query SpaReports($from: String!, $to: String!) {
  onTimeReport(from: $from, to: $to) {
    loads
    pickups {
      total
      onTime
      late
      percent
      unrecorded
    }
    deliveries {
      total
      onTime
      late
      percent
      unrecorded
    }
    drivers {
      driver {
        id
        user {
          name
        }
      }
      loads
      pickups {
        percent
      }
      deliveries {
        percent
      }
    }
  }
  operatingReport(from: $from, to: $to) {
    currency
    distanceUnit
    loads
    lineHaulCents
    accessorialCents
    revenueCents
    driverPayCents
    maintenanceCents
    costCents
    unsettledLoads
    loadedDistance
    emptyDistance
    totalDistance
    emptyPercent
    revenuePerDistanceCents
    costPerDistanceCents
    loadsPerDriver
    drivers {
      driver {
        id
        user {
          name
        }
      }
      loads
      loadedDistance
      emptyDistance
      revenueCents
      driverPayCents
    }
  }
}
    `, {"hash":"sha256:ec754b6b5f8d6015aacf24d867c8f8f7ae32b9e8739c15446cf9af734ac7c3db"}) as unknown as TypedDocumentString<SpaReportsQuery, SpaReportsQueryVariables>;
export const SpaExportTenantDataDocument = new TypedDocumentString(`
    mutation SpaExportTenantData {
  exportTenantData {
    id
    url
    expiresAt
    size
    sha256
    documents
    files
    auditHeadHash
  }
}
    `, {"hash":"sha256:916ea556580baba56a5646a0eedd00fe51620b81f0861c1334da99cceb058c1d"}) as unknown as TypedDocumentString<SpaExportTenantDataMutation, SpaExportTenantDataMutationVariables>;
export const SpaDriverPositionsDocument = new TypedDocumentString(`
    query SpaDriverPositions($first: Int) {
  driverLocations(first: $first) {
    edges {
      node {
        driver {
          id
          user {
            name
          }
        }
        latest {
          latitude
          longitude
          recordedAt
          speedKmh
        }
      }
    }
  }
}
    `, {"hash":"sha256:66cd43e834a3a5b3419e6b0eaa5340d1213fa9c393c14a4f186ee4450013322d"}) as unknown as TypedDocumentString<SpaDriverPositionsQuery, SpaDriverPositionsQueryVariables>;
export const SpaWebhookEndpointsDocument = new TypedDocumentString(`
    query SpaWebhookEndpoints($first: Int, $after: String) {
  webhookEventTypes
  webhookEndpoints(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaWebhookEndpoint
      }
    }
  }
}
    fragment SpaWebhookEndpoint on WebhookEndpoint {
  id
  url
  eventTypes
  description
  active
  disabledReason
  createdAt
}`, {"hash":"sha256:83f9223c58dbedb431c63f65eadbb09f72f0a0bb4b96ba5dd19888432323905d"}) as unknown as TypedDocumentString<SpaWebhookEndpointsQuery, SpaWebhookEndpointsQueryVariables>;
export const SpaCreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation SpaCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint {
      ...SpaWebhookEndpoint
    }
  }
}
    fragment SpaWebhookEndpoint on WebhookEndpoint {
  id
  url
  eventTypes
  description
  active
  disabledReason
  createdAt
}`, {"hash":"sha256:4ac8d2a167940f0206c8a6f11f2bb83a2119fde61731d83c10d5f58fa0b22339"}) as unknown as TypedDocumentString<SpaCreateWebhookEndpointMutation, SpaCreateWebhookEndpointMutationVariables>;
export const SpaDisableWebhookEndpointDocument = new TypedDocumentString(`
    mutation SpaDisableWebhookEndpoint($id: ID!) {
  disableWebhookEndpoint(id: $id) {
    ...SpaWebhookEndpoint
  }
}
    fragment SpaWebhookEndpoint on WebhookEndpoint {
  id
  url
  eventTypes
  description
  active
  disabledReason
  createdAt
}`, {"hash":"sha256:2d74e101e012f46b8e4296436870d42042d56fb3cb4c8aa3d026da8a2c8f370b"}) as unknown as TypedDocumentString<SpaDisableWebhookEndpointMutation, SpaDisableWebhookEndpointMutationVariables>;
export const SpaEnableWebhookEndpointDocument = new TypedDocumentString(`
    mutation SpaEnableWebhookEndpoint($id: ID!) {
  enableWebhookEndpoint(id: $id) {
    ...SpaWebhookEndpoint
  }
}
    fragment SpaWebhookEndpoint on WebhookEndpoint {
  id
  url
  eventTypes
  description
  active
  disabledReason
  createdAt
}`, {"hash":"sha256:6ed4cafe9589b1c22ab18671fac05aa8899fb7951784c1c7b4f5d5b46ccf4d23"}) as unknown as TypedDocumentString<SpaEnableWebhookEndpointMutation, SpaEnableWebhookEndpointMutationVariables>;
export const SpaWebhookDeliveriesDocument = new TypedDocumentString(`
    query SpaWebhookDeliveries($endpointId: ID!, $status: WebhookDeliveryStatus, $first: Int, $after: String) {
  webhookDeliveries(
    endpointId: $endpointId
    status: $status
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...SpaWebhookDelivery
      }
    }
  }
}
    fragment SpaWebhookDelivery on WebhookDelivery {
  id
  eventId
  eventType
  occurredAt
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastResponseCode
  lastError
  replays
}`, {"hash":"sha256:28ebad8d2083aa2c021f0c4bf2e7791a5d34aafb314d2c1ac581cfad6d8918d1"}) as unknown as TypedDocumentString<SpaWebhookDeliveriesQuery, SpaWebhookDeliveriesQueryVariables>;
export const SpaReplayWebhookDeliveryDocument = new TypedDocumentString(`
    mutation SpaReplayWebhookDelivery($id: ID!) {
  replayWebhookDelivery(id: $id) {
    ...SpaWebhookDelivery
  }
}
    fragment SpaWebhookDelivery on WebhookDelivery {
  id
  eventId
  eventType
  occurredAt
  status
  attempts
  nextAttemptAt
  lastAttemptAt
  lastResponseCode
  lastError
  replays
}`, {"hash":"sha256:f25d46dce571ee9ff9185b30509dea6c8e390f4f2e5f41ef899f2661b99be4a2"}) as unknown as TypedDocumentString<SpaReplayWebhookDeliveryMutation, SpaReplayWebhookDeliveryMutationVariables>;
export const SpaWorkOrdersDocument = new TypedDocumentString(`
    query SpaWorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {
  workOrders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...SpaWorkOrder
      }
    }
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`, {"hash":"sha256:b7ad5d5cc587d1cbe3ec5beeba7667a4710269ce69f706989c2648e8abea5361"}) as unknown as TypedDocumentString<SpaWorkOrdersQuery, SpaWorkOrdersQueryVariables>;
export const SpaTechniciansDocument = new TypedDocumentString(`
    query SpaTechnicians($first: Int) {
  technicians(first: $first) {
    edges {
      node {
        id
        active
        user {
          name
        }
        skills {
          name
          level
        }
      }
    }
  }
}
    `, {"hash":"sha256:59d99c5b71df6711647419c3d5ca5a7e9d24a0f07bdb83b61c2429c7b69be574"}) as unknown as TypedDocumentString<SpaTechniciansQuery, SpaTechniciansQueryVariables>;
export const SpaDispatchWorkOrderDocument = new TypedDocumentString(`
    mutation SpaDispatchWorkOrder($id: ID!, $technicianId: ID) {
  dispatchWorkOrder(id: $id, technicianId: $technicianId) {
    workOrder {
      ...SpaWorkOrder
    }
    technician {
      id
    }
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`, {"hash":"sha256:193a0f1d4b0ae7149edb112cf074c1dc88a826525e13e46d62e00457176fdf83"}) as unknown as TypedDocumentString<SpaDispatchWorkOrderMutation, SpaDispatchWorkOrderMutationVariables>;
export const SpaUpdateWorkOrderStatusDocument = new TypedDocumentString(`
    mutation SpaUpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {
  updateWorkOrderStatus(id: $id, status: $status) {
    ...SpaWorkOrder
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`, {"hash":"sha256:892d6a3024f35107b3f991382debef975d788dd735d7cf41d678b84b2432868f"}) as unknown as TypedDocumentString<SpaUpdateWorkOrderStatusMutation, SpaUpdateWorkOrderStatusMutationVariables>;
export const SpaRescheduleWorkOrderDocument = new TypedDocumentString(`
    mutation SpaRescheduleWorkOrder($id: ID!, $input: RescheduleWorkOrderInput!) {
  rescheduleWorkOrder(id: $id, input: $input) {
    ...SpaWorkOrder
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`, {"hash":"sha256:25c4a4d4347391ab697dafb284f77816f50470b9e7c12a0ebbb81fd79d09729d"}) as unknown as TypedDocumentString<SpaRescheduleWorkOrderMutation, SpaRescheduleWorkOrderMutationVariables>;
export const SpaCancelWorkOrderDocument = new TypedDocumentString(`
    mutation SpaCancelWorkOrder($id: ID!, $reason: String!) {
  cancelWorkOrder(id: $id, reason: $reason) {
    ...SpaWorkOrder
  }
}
    fragment SpaWorkOrder on WorkOrder {
  id
  number
  title
  priority
  status
  customer {
    id
    name
  }
  technician {
    id
  }
  schedule {
    start
    end
  }
}`, {"hash":"sha256:eddf8c57460ed53f99a896b4823d80120d9ccffc91c93cfdc070195663a4f911"}) as unknown as TypedDocumentString<SpaCancelWorkOrderMutation, SpaCancelWorkOrderMutationVariables>;
export const UpdateLoadDocument = new TypedDocumentString(`
    mutation UpdateLoad($id: ID!, $input: UpdateLoadInput!) {
  updateLoad(id: $id, input: $input) {
    id
    referenceNumber
    customerReference
    commodity
    weightLbs
    rateCents
    notes
    status
    editableFields
    stops {
      id
      sequence
      type
      name
      arrivedAt
      window {
        start
        end
      }
      notes
    }
    updatedAt
  }
}
    `, {"hash":"sha256:10c291580013a2a0b1d9b40473103a9651e6cbbfa6d01aea9a1c8ead1ae626a6"}) as unknown as TypedDocumentString<UpdateLoadMutation, UpdateLoadMutationVariables>;
export const CancelLoadDocument = new TypedDocumentString(`
    mutation CancelLoad($id: ID!, $reason: CancellationReason!, $note: String) {
  cancelLoad(id: $id, reason: $reason, note: $note) {
    id
    status
    editableFields
    cancellation {
      reason
      note
      at
      by {
        id
      }
    }
  }
}
    `, {"hash":"sha256:c04a34ba50a1c3e02e0a69fbbe1bb0da151afb9f203cafcb7e73ef1db83885e7"}) as unknown as TypedDocumentString<CancelLoadMutation, CancelLoadMutationVariables>;
export const RetireVehicleDocument = new TypedDocumentString(`
    mutation RetireVehicle($id: ID!, $reason: String) {
  retireVehicle(id: $id, reason: $reason) {
    id
    status
    retiredAt
    retirementReason
  }
}
    `, {"hash":"sha256:951c647eab36cabc1131ee5476ebf4c24af28c6993df780fb5ade891549b3bcb"}) as unknown as TypedDocumentString<RetireVehicleMutation, RetireVehicleMutationVariables>;
export const RetireTrailerDocument = new TypedDocumentString(`
    mutation RetireTrailer($id: ID!, $reason: String) {
  retireTrailer(id: $id, reason: $reason) {
    id
    status
    retiredAt
    retirementReason
  }
}
    `, {"hash":"sha256:4422be591afdc2f8097f1f370cb8908dd83f7a9e04aa70070c2df2a346307538"}) as unknown as TypedDocumentString<RetireTrailerMutation, RetireTrailerMutationVariables>;
export const RetireDriverDocument = new TypedDocumentString(`
    mutation RetireDriver($id: ID!, $reason: String) {
  retireDriver(id: $id, reason: $reason) {
    id
    status
    retiredAt
    retirementReason
  }
}
    `, {"hash":"sha256:d943ece9193157a0ac4a3ccfe68c37833a318bff14325b5df59860005ada1fc0"}) as unknown as TypedDocumentString<RetireDriverMutation, RetireDriverMutationVariables>;
export const VehiclesDocument = new TypedDocumentString(`
    query Vehicles($first: Int, $after: String, $filter: VehicleFilter) {
  vehicles(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        unitNumber
        make
        model
        year
        status
        odometer
      }
    }
  }
}
    `, {"hash":"sha256:236ab0dfbcb02b39b27983f17cd4dc0d5261235484294eddf37566b3c0a0ebcf"}) as unknown as TypedDocumentString<VehiclesQuery, VehiclesQueryVariables>;
export const CreateVehicleDocument = new TypedDocumentString(`
    mutation CreateVehicle($input: CreateVehicleInput!) {
  createVehicle(input: $input) {
    id
    unitNumber
    status
  }
}
    `, {"hash":"sha256:5200a14f5e5782fcb7eabd3029b674d0d1a6d66f859afe5811a9bdbc13811694"}) as unknown as TypedDocumentString<CreateVehicleMutation, CreateVehicleMutationVariables>;
export const WorkOrdersDocument = new TypedDocumentString(`
    query WorkOrders($first: Int, $after: String, $filter: WorkOrderFilter) {
  workOrders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        number
        title
        priority
        status
        createdBy {
          id
          name
        }
      }
    }
  }
}
    `, {"hash":"sha256:7443472b4738909de4b6b82c84c8fb97d4acb1485c39e044b52fc50c5461fbf6"}) as unknown as TypedDocumentString<WorkOrdersQuery, WorkOrdersQueryVariables>;
export const UpdateWorkOrderStatusDocument = new TypedDocumentString(`
    mutation UpdateWorkOrderStatus($id: ID!, $status: WorkOrderStatus!) {
  updateWorkOrderStatus(id: $id, status: $status) {
    id
    status
  }
}
    `, {"hash":"sha256:de835621566f298d15d9406d01c90829d21388ca3e21a06e9d90f765d1df2689"}) as unknown as TypedDocumentString<UpdateWorkOrderStatusMutation, UpdateWorkOrderStatusMutationVariables>;