/**
 * The Playground's example tabs: each a document of named operations (GraphiQL runs the one under
 * the cursor, or asks which) with variables to edit. Ids in the variables are placeholders: the
 * first operation of a tab prints the ids the next ones take. A test validates every document
 * against the industry's schema, so an example never drifts from the API.
 */
export interface PlaygroundExample {
  /** Which industry's schema the example is written against. */
  readonly appType: 'trucking' | 'serviceRepair';
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const ID = '<id>';

export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  {
    appType: 'trucking',
    query: `# Trucking: shippers, receivers and brokers, and a load made from a party's defaults.
query Parties {
  parties(first: 20, filter: { kind: shipper }) {
    edges { node { id name kinds paymentTermsDays locations { id name address { city state } } } }
  }
}

mutation CreateParty($input: CreatePartyInput!) {
  createParty(input: $input) { id name locations { id name } }
}

mutation CreateLoadFromParty($load: CreateLoadFromPartyInput!) {
  createLoadFromParty(input: $load) { id referenceNumber status rateCents stops { id type name window { start end } outsideWorkingHours } }
}
`,
    variables: {
      input: {
        name: 'Prairie Mills',
        kinds: ['shipper'],
        paymentTermsDays: 30,
        locations: [
          {
            name: 'Mill dock',
            address: { line1: '200 Elm St', city: 'Waco', state: 'TX', postalCode: '76701' },
            location: { latitude: 31.5493, longitude: -97.1467 },
            contacts: [{ name: 'Dock office', role: 'shipping', phone: '+1 254 555 0100' }],
          },
        ],
      },
      load: {
        billToId: ID,
        referenceNumber: 'PM-1001',
        tender: true,
        stops: [
          { type: 'pickup', partyId: ID, locationId: ID, window: { start: '2030-01-07T14:00:00Z', end: '2030-01-07T18:00:00Z' } },
          { type: 'delivery', partyId: ID, locationId: ID, window: { start: '2030-01-08T14:00:00Z', end: '2030-01-08T18:00:00Z' } },
        ],
      },
    },
  },
  {
    appType: 'trucking',
    query: `# Trucking: money. Accessorials on a delivered load, an invoice to its bill-to, a payment;
# a driver's settlement for a pay period.
mutation AddAccessorial($loadId: ID!) {
  addAccessorial(loadId: $loadId, input: { kind: detention, amountCents: 15000, description: "2 h at the receiver" }) {
    id rateCents totalCents accessorials { id kind amountCents }
  }
}

mutation InvoiceLoads($loadIds: [ID!]!) {
  createFreightInvoice(loadIds: $loadIds) { id number status totalFormatted lines { kind description amountCents } }
}

mutation SendInvoice($invoiceId: ID!) {
  sendFreightInvoice(id: $invoiceId) { id status dueAt }
}

mutation RecordPayment($invoiceId: ID!) {
  recordFreightPayment(id: $invoiceId, input: { amountCents: 100000, method: ach, reference: "ACH 20931" }) {
    id status paidCents balanceFormatted payments { amountCents method reference receivedAt }
  }
}

mutation SettleDriver($settlement: CreateDriverSettlementInput!) {
  createDriverSettlement(input: $settlement) {
    id number status payBasis totalFormatted lines { referenceNumber distance amountCents }
  }
}

query Settlements {
  driverSettlements(first: 10) { edges { node { id number status driver { id } periodStart periodEnd totalFormatted } } }
}
`,
    variables: {
      loadId: ID,
      loadIds: [ID],
      invoiceId: ID,
      settlement: { driverId: ID, periodStart: '2030-01-01', periodEnd: '2030-01-15' },
    },
  },
  {
    appType: 'trucking',
    query: `# Trucking: a route and its ETAs. Optimise a load's stops, save the order, read the ETA per stop.
query LoadStops($id: ID!) {
  load(id: $id) { id status stops { id sequence type name window { start end } } }
}

mutation SaveRoute($id: ID!, $stopIds: [ID!]!) {
  saveLoadRoute(id: $id, stopIds: $stopIds) { id stops { id sequence type } }
}

query Eta($id: ID!) {
  load(id: $id) {
    id
    eta { origin asOf averageSpeed distanceUnit late stops { stopId sequence arriveAt departAt distance late lateMinutes } }
  }
}
`,
    variables: { id: ID, stopIds: [ID, ID] },
  },
  {
    appType: 'trucking',
    query: `# Trucking: the dispatcher's day and the owner's reports.
query DispatchBoard($date: String) {
  dispatchBoard(date: $date) {
    date timeZone reminderLeadDays
    drivers { driver { id licenseNumber } availability currentLoad { referenceNumber } hours { drivingMinutesLeft limitedBy } conflicts { kind message } }
    vehicles { vehicle { unitNumber } availability conflicts { kind message } }
    unassignedLoads { referenceNumber pickupAt }
    lateLoads { referenceNumber }
    maintenanceDueSoon { vehicle { unitNumber } schedule { name } status dueDate }
  }
}

query Reports($from: String!, $to: String!) {
  onTimeReport(from: $from, to: $to) {
    loads
    pickups { total onTime late percent unrecorded }
    deliveries { total onTime late percent unrecorded }
  }
  operatingReport(from: $from, to: $to) {
    currency distanceUnit loads revenueCents costCents driverPayCents maintenanceCents unsettledLoads
    loadedDistance emptyDistance emptyPercent revenuePerDistanceCents costPerDistanceCents loadsPerDriver
    drivers { driver { id } loads loadedDistance emptyDistance revenueCents driverPayCents }
  }
}
`,
    variables: { date: null, from: '2030-01-01T00:00:00Z', to: '2030-02-01T00:00:00Z' },
  },
  {
    appType: 'trucking',
    query: `# Trucking: hours of service. Record a duty status, read what the driver has left, list violations.
mutation RecordDutyStatus($driverId: ID!) {
  recordDutyStatus(input: { driverId: $driverId, status: driving }) { id status at }
}

query DriverHours($driverId: ID!) {
  driverHours(driverId: $driverId) {
    currentStatus currentStatusSince drivingMinutesLeft limitedBy onDutyWindowMinutesLeft cycle cycleMinutesLeft minutesUntilBreak breakDueAt
  }
}

query Violations($from: String!, $to: String!) {
  hoursViolations(from: $from, to: $to, first: 20) { edges { node { driver { id } rule startedAt endedAt minutes } } }
}
`,
    variables: { driverId: ID, from: '2030-01-01T00:00:00Z', to: '2030-01-08T00:00:00Z' },
  },
];
