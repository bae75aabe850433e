import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaAssignLoadDocument,
  SpaFleetDocument,
  SpaLoadsDocument,
  SpaUpdateLoadStatusDocument,
  type LoadStatus,
  type SpaFleetQuery,
  type SpaLoadFragment,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
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
  cancelled: 'Cancel load',
};

/** A trucking tenant's loads; each moves along the statuses the API offers (Load.nextStatuses). */
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
  const [assigning, setAssigning] = useState<string | null>(null);
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

  const run = async (load: SpaLoadFragment, action: () => Promise<SpaLoadFragment>) => {
    setPending(load.id);
    setError(null);
    try {
      list.replace(await action());
      setAssigning(null);
      void refreshFleet();
    } catch (e) {
      setError(`Load ${load.referenceNumber}: ${describeError(e)}`);
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
                <td>{load.customerReference}</td>
                <td>{formatTime(load.pickupAt)}</td>
                <td>{formatTime(load.deliverBy)}</td>
                <td>{load.driver ? (fleet?.drivers.get(load.driver.id)?.user.name ?? '…') : '—'}</td>
                <td>{load.vehicle?.unitNumber ?? '—'}</td>
                <td>
                  <StatusBadge status={load.status} label={STATUS_LABEL[load.status]} />
                </td>
                <td>
                  <div className="actions">
                    {load.nextStatuses.map((next) =>
                      next === 'assigned' ? (
                        <button key={next} type="button" disabled={pending !== null} onClick={() => setAssigning(assigning === load.id ? null : load.id)}>
                          {load.status === 'assigned' ? 'Reassign…' : 'Assign…'}
                        </button>
                      ) : (
                        <button
                          key={next}
                          type="button"
                          className={next === 'cancelled' ? 'danger' : undefined}
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
              {assigning === load.id && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    <AssignForm
                      fleet={fleet}
                      load={load}
                      busy={pending === load.id}
                      onCancel={() => setAssigning(null)}
                      onAssign={(driverId, vehicleId) =>
                        void run(load, async () => (await client.request(SpaAssignLoadDocument, { id: load.id, driverId, vehicleId })).assignLoad)
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

interface AssignFormProps {
  fleet: Fleet | null;
  load: SpaLoadFragment;
  busy: boolean;
  onAssign(driverId: string, vehicleId: string): void;
  onCancel(): void;
}

/**
 * Picks a driver and a vehicle. Those that cannot take a load (not active, license expired) are
 * offered disabled; one on another load is marked, and the API refuses it with CONFLICT.
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
          {[...(fleet?.drivers.values() ?? [])].map((driver) => (
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
          {[...(fleet?.vehicles.values() ?? [])].map((vehicle) => (
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
