import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  ApiRequestError,
  SpaAssignLoadDocument,
  SpaCancelLoadDocument,
  SpaFleetDocument,
  SpaLoadsDocument,
  SpaUpdateLoadDocument,
  SpaUpdateLoadStatusDocument,
  type CancellationReason,
  type LoadStatus,
  type SpaFleetQuery,
  type SpaLoadFragment,
  type UpdateLoadInput,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { useRefreshOnEvents } from './live';
import { LoadCharges } from './LoadCharges';
import { StatusBadge } from './StatusBadge';

const STATUS_LABEL: Record<LoadStatus, string> = {
  draft: 'Draft',
  tendered: 'Tendered',
  assigned: 'Assigned',
  in_transit: 'In transit',
  delivered: 'Delivered',
  invoiced: 'Invoiced',
  cancelled: 'Cancelled',
};

/** The button that moves a load to a status (assigned has its own form: assignLoad). */
const ACTION_LABEL: Record<Exclude<LoadStatus, 'assigned'>, string> = {
  draft: 'Back to draft',
  tendered: 'Tender',
  in_transit: 'Start transit',
  delivered: 'Mark delivered',
  invoiced: 'Invoice',
  cancelled: 'Cancel load…',
};

const REASON_LABEL: Record<CancellationReason, string> = {
  customer_cancelled: 'Customer cancelled',
  shipper_not_ready: 'Shipper not ready',
  rate_dispute: 'Rate dispute',
  equipment_failure: 'Equipment failure',
  driver_unavailable: 'Driver unavailable',
  weather: 'Weather',
  duplicate: 'Duplicate load',
  other: 'Other (say which)',
};

/** What a dispatcher can do about an assignment the API refused, by the refusal's reason. */
const ASSIGN_REFUSAL_HINT: Record<string, string> = {
  MAX_LOADS_PER_DRIVER: 'Deliver, cancel or reassign one of their loads first, or ask an owner to raise the loads a driver may hold (dispatch.maxLoadsPerDriver).',
  DRIVER_UNAVAILABLE: 'Choose another driver, or finish their current load first.',
  VEHICLE_UNAVAILABLE: 'Choose another vehicle, or finish its current load first.',
  MAINTENANCE_OVERDUE: 'Record the overdue service first, or choose another vehicle.',
};

/** An assignment's refusal as a dispatcher reads it: the API's code and message, then what to do. */
function describeAssignError(error: unknown): string {
  const reason = error instanceof ApiRequestError ? error.errors[0]?.extensions?.['reason'] : undefined;
  const hint = typeof reason === 'string' ? ASSIGN_REFUSAL_HINT[reason] : undefined;
  return hint ? `${describeError(error)} ${hint}` : describeError(error);
}

/** The form open under a load's row, if any. */
type OpenForm = { id: string; form: 'assign' | 'edit' | 'cancel' | 'charges' } | null;

/**
 * A trucking tenant's loads; each moves along the statuses the API offers (Load.nextStatuses), is
 * corrected as far as its status allows (Load.editableFields) and is cancelled with a reason.
 */
export function Loads({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { loads } = await client.request(SpaLoadsDocument, { first: 20, after });
      return { ...loads, nodes: loads.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  const [fleet, setFleet] = useState<Fleet | null>(null);
  const [open, setOpen] = useState<OpenForm>(null);
  const toggle = (id: string, form: 'assign' | 'edit' | 'cancel' | 'charges') => setOpen(open?.id === id && open.form === form ? null : { id, form });
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Drivers and vehicles, for their names in the list and the assignment form; read again after
  // every change, since a load's status frees or takes its driver and vehicle.
  const refreshFleet = useCallback(async () => {
    try {
      setFleet(toFleet(await client.request(SpaFleetDocument, { first: 100 })));
    } catch (e) {
      setError(`Drivers and vehicles: ${describeError(e)}`);
    }
  }, [client]);
  useEffect(() => {
    void refreshFleet();
  }, [refreshFleet]);
  // Another person's (or device's) change to a load: the list and the fleet read themselves again.
  useRefreshOnEvents(['load.'], () => {
    list.reload();
    void refreshFleet();
  });

  const run = async (load: SpaLoadFragment, action: () => Promise<SpaLoadFragment>, describe: (error: unknown) => string = describeError) => {
    setPending(load.id);
    setError(null);
    try {
      list.replace(await action());
      setOpen(null);
      void refreshFleet();
    } catch (e) {
      setError(`Load ${load.referenceNumber}: ${describe(e)}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="card" aria-label="Loads">
      <div className="card-header">
        <h2>Loads</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} in all`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Load</th>
            <th>Customer</th>
            <th>Pickup</th>
            <th>Deliver by</th>
            <th>Driver</th>
            <th>Vehicle</th>
            <th>Status</th>
            <th>Next</th>
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((load) => (
            <Fragment key={load.id}>
              <tr data-id={load.id} aria-busy={pending === load.id}>
                <td className="strong">{load.referenceNumber}</td>
                <td>
                  {load.customerReference}
                  <span className="muted" data-field="weight">
                    {' · '}
                    {load.weight.value.toLocaleString()} {load.weight.unit}
                  </span>
                </td>
                <td>
                  {formatTime(load.pickupAt)}
                  <OutsideHours load={load} type="pickup" />
                </td>
                <td>
                  {formatTime(load.deliverBy)}
                  <OutsideHours load={load} type="delivery" />
                </td>
                <td>{load.driver ? (fleet?.drivers.get(load.driver.id)?.user.name ?? '…') : '—'}</td>
                <td>{load.vehicle?.unitNumber ?? '—'}</td>
                <td>
                  <StatusBadge status={load.status} label={STATUS_LABEL[load.status]} />
                  {load.cancellation?.reason && (
                    <span className="muted" data-field="cancellation">
                      {' '}
                      {REASON_LABEL[load.cancellation.reason].replace(' (say which)', '')}
                      {load.cancellation.note ? `: ${load.cancellation.note}` : ''}
                    </span>
                  )}
                </td>
                <td>
                  <div className="actions">
                    {load.editableFields.length > 0 && (
                      <button type="button" className="secondary" disabled={pending !== null} onClick={() => toggle(load.id, 'edit')}>
                        Edit…
                      </button>
                    )}
                    <button type="button" className="secondary" disabled={pending !== null} onClick={() => toggle(load.id, 'charges')}>
                      Charges…
                    </button>
                    {load.nextStatuses.map((next) =>
                      // A delivered load is invoiced from its charges (a freight invoice to its bill-to).
                      next === 'invoiced' ? null : next === 'assigned' ? (
                        <button key={next} type="button" disabled={pending !== null} onClick={() => toggle(load.id, 'assign')}>
                          {load.status === 'assigned' ? 'Reassign…' : 'Assign…'}
                        </button>
                      ) : next === 'cancelled' ? (
                        <button key={next} type="button" className="danger" disabled={pending !== null} onClick={() => toggle(load.id, 'cancel')}>
                          {ACTION_LABEL[next]}
                        </button>
                      ) : (
                        <button
                          key={next}
                          type="button"
                          disabled={pending !== null}
                          onClick={() => void run(load, async () => (await client.request(SpaUpdateLoadStatusDocument, { id: load.id, status: next })).updateLoadStatus)}
                        >
                          {ACTION_LABEL[next]}
                        </button>
                      ),
                    )}
                  </div>
                </td>
              </tr>
              {open?.id === load.id && open.form === 'edit' && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    <EditForm
                      load={load}
                      busy={pending === load.id}
                      onCancel={() => setOpen(null)}
                      onSave={(input) => void run(load, async () => (await client.request(SpaUpdateLoadDocument, { id: load.id, input })).updateLoad)}
                    />
                  </td>
                </tr>
              )}
              {open?.id === load.id && open.form === 'cancel' && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    <CancelForm
                      load={load}
                      busy={pending === load.id}
                      onCancel={() => setOpen(null)}
                      onConfirm={(reason, note) => void run(load, async () => (await client.request(SpaCancelLoadDocument, { id: load.id, reason, note })).cancelLoad)}
                    />
                  </td>
                </tr>
              )}
              {open?.id === load.id && open.form === 'charges' && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    <LoadCharges client={client} loadId={load.id} onChanged={list.reload} />
                  </td>
                </tr>
              )}
              {open?.id === load.id && open.form === 'assign' && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    <AssignForm
                      fleet={fleet}
                      load={load}
                      busy={pending === load.id}
                      onCancel={() => setOpen(null)}
                      onAssign={(driverId, vehicleId) =>
                        void run(load, async () => (await client.request(SpaAssignLoadDocument, { id: load.id, driverId, vehicleId })).assignLoad, describeAssignError)
                      }
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No loads yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

type FleetDriver = SpaFleetQuery['drivers']['edges'][number]['node'];
type FleetVehicle = SpaFleetQuery['vehicles']['edges'][number]['node'];

interface Fleet {
  drivers: Map<string, FleetDriver>;
  vehicles: Map<string, FleetVehicle>;
}

const toFleet = (result: SpaFleetQuery): Fleet => ({
  drivers: new Map(result.drivers.edges.map(({ node }) => [node.id, node])),
  vehicles: new Map(result.vehicles.edges.map(({ node }) => [node.id, node])),
});

const notRetired = (record: { status: string }) => record.status !== 'retired';

interface AssignFormProps {
  fleet: Fleet | null;
  load: SpaLoadFragment;
  busy: boolean;
  onAssign(driverId: string, vehicleId: string): void;
  onCancel(): void;
}

/**
 * Picks a driver and a vehicle. The retired are not offered; those that cannot take a load (not
 * active, license expired) are offered disabled; one on another load is marked, and the API refuses
 * it with CONFLICT.
 */
function AssignForm({ fleet, load, busy, onAssign, onCancel }: AssignFormProps) {
  const [driverId, setDriverId] = useState(load.driver?.id ?? '');
  const [vehicleId, setVehicleId] = useState(load.vehicle?.id ?? '');

  const elsewhere = (currentLoad: { id: string } | null) => (currentLoad && currentLoad.id !== load.id ? ' (on another load)' : '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (driverId && vehicleId) onAssign(driverId, vehicleId);
  };

  return (
    <form className="assign" aria-label={`Assign load ${load.referenceNumber}`} onSubmit={submit}>
      <label>
        Driver
        <select value={driverId} onChange={(e) => setDriverId(e.target.value)} required disabled={!fleet}>
          <option value="">{fleet ? 'Choose a driver' : 'loading…'}</option>
          {[...(fleet?.drivers.values() ?? [])].filter(notRetired).map((driver) => (
            <option key={driver.id} value={driver.id} disabled={driver.status !== 'active' || driver.licenseExpired}>
              {driver.user.name}
              {driver.licenseExpired ? ' (license expired)' : driver.status !== 'active' ? ` (${driver.status})` : elsewhere(driver.currentLoad)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Vehicle
        <select value={vehicleId} onChange={(e) => setVehicleId(e.target.value)} required disabled={!fleet}>
          <option value="">{fleet ? 'Choose a vehicle' : 'loading…'}</option>
          {[...(fleet?.vehicles.values() ?? [])].filter(notRetired).map((vehicle) => (
            <option key={vehicle.id} value={vehicle.id} disabled={vehicle.status !== 'active'}>
              {vehicle.unitNumber} · {vehicle.make} {vehicle.model}
              {vehicle.status !== 'active' ? ` (${vehicle.status})` : elsewhere(vehicle.currentLoad)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !driverId || !vehicleId}>
        Assign
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** The load fields the edit form offers (stops are edited through the API). */
const FORM_FIELDS = ['referenceNumber', 'customerReference', 'commodity', 'weightLbs', 'rateCents', 'notes'] as const;
type FormField = (typeof FORM_FIELDS)[number];

const FIELD_LABEL: Record<FormField, string> = {
  referenceNumber: 'Load number',
  customerReference: 'Bill to',
  commodity: 'Commodity',
  weightLbs: 'Weight (lb)',
  rateCents: 'Rate ($)',
  notes: 'Notes',
};

const formValues = (load: SpaLoadFragment): Record<FormField, string> => ({
  referenceNumber: load.referenceNumber,
  customerReference: load.customerReference,
  commodity: load.commodity ?? '',
  weightLbs: String(load.weightLbs),
  rateCents: (load.rateCents / 100).toFixed(2),
  notes: load.notes ?? '',
});

interface EditFormProps {
  load: SpaLoadFragment;
  busy: boolean;
  onSave(input: UpdateLoadInput): void;
  onCancel(): void;
}

/**
 * Corrects a load. A field its status no longer lets change (Load.editableFields) is shown read-only;
 * only the fields changed are sent.
 */
function EditForm({ load, busy, onSave, onCancel }: EditFormProps) {
  const initial = formValues(load);
  const [values, setValues] = useState(initial);
  const editable = (field: FormField) => load.editableFields.includes(field);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: UpdateLoadInput = {};
    for (const field of FORM_FIELDS) {
      const value = values[field].trim();
      if (!editable(field) || value === initial[field]) continue;
      if (field === 'weightLbs') input.weightLbs = Number(value);
      else if (field === 'rateCents') input.rateCents = Math.round(Number(value) * 100);
      else if (field === 'commodity' || field === 'notes') input[field] = value === '' ? null : value;
      else input[field] = value;
    }
    if (Object.keys(input).length > 0) onSave(input);
    else onCancel();
  };
  return (
    <form className="assign" aria-label={`Edit load ${load.referenceNumber}`} onSubmit={submit}>
      {FORM_FIELDS.map((field) => (
        <label key={field}>
          {FIELD_LABEL[field]}
          <input
            name={field}
            value={values[field]}
            readOnly={!editable(field)}
            aria-readonly={!editable(field)}
            title={editable(field) ? undefined : `Locked: the load is ${STATUS_LABEL[load.status].toLowerCase()}`}
            inputMode={field === 'weightLbs' || field === 'rateCents' ? 'decimal' : undefined}
            onChange={(e) => setValues({ ...values, [field]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" disabled={busy}>
        Save
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Close
      </button>
    </form>
  );
}

interface CancelFormProps {
  load: SpaLoadFragment;
  busy: boolean;
  onConfirm(reason: CancellationReason, note: string | null): void;
  onCancel(): void;
}

/** Cancels a load with a reason from the vocabulary and a note (required for "other"). */
function CancelForm({ load, busy, onConfirm, onCancel }: CancelFormProps) {
  const [reason, setReason] = useState<CancellationReason | ''>('');
  const [note, setNote] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason) onConfirm(reason, note.trim() || null);
  };
  return (
    <form className="assign" aria-label={`Cancel load ${load.referenceNumber}`} onSubmit={submit}>
      <label>
        Reason
        <select value={reason} onChange={(e) => setReason(e.target.value as CancellationReason)} required>
          <option value="">Choose a reason</option>
          {(Object.keys(REASON_LABEL) as CancellationReason[]).map((value) => (
            <option key={value} value={value}>
              {REASON_LABEL[value]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Note
        <input name="note" value={note} required={reason === 'other'} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="danger" disabled={busy || !reason}>
        Cancel load
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Keep it
      </button>
    </form>
  );
}

/** A note when a pickup (or delivery) of the load has its appointment outside the office's working hours. */
function OutsideHours({ load, type }: { load: Pick<SpaLoadFragment, 'stops'>; type: 'pickup' | 'delivery' }) {
  const outside = load.stops.filter((stop) => stop.type === type && stop.outsideWorkingHours).length;
  if (outside === 0) return null;
  return (
    <span className="muted" data-field={`outside-hours-${type}`} title="The appointment falls outside the office's working hours">
      {' · outside office hours'}
    </span>
  );
}
