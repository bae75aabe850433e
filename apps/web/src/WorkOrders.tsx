import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaDispatchWorkOrderDocument,
  SpaTechniciansDocument,
  SpaUpdateWorkOrderStatusDocument,
  SpaWorkOrdersDocument,
  type SpaTechniciansQuery,
  type SpaWorkOrderFragment,
  type WorkOrderStatus,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { StatusBadge } from './StatusBadge';

const STATUS_LABEL: Record<WorkOrderStatus, string> = {
  new: 'New',
  scheduled: 'Scheduled',
  dispatched: 'Dispatched',
  en_route: 'En route',
  in_progress: 'In progress',
  completed: 'Completed',
  invoiced: 'Invoiced',
  on_hold: 'On hold',
  cancelled: 'Cancelled',
};

type Step = { to: Exclude<WorkOrderStatus, 'dispatched'>; label: string } | { to: 'dispatched'; label: string; dispatch: true };

const HOLD: Step = { to: 'on_hold', label: 'Hold' };
const CANCEL: Step = { to: 'cancelled', label: 'Cancel order' };

/**
 * The next steps offered from each status: the lifecycle documented on WorkOrderStatus
 * (new → scheduled → dispatched → en_route → in_progress → completed → invoiced; on hold from the
 * middle, cancelled before completed). WorkOrder has no nextStatuses field, so the SPA keeps this
 * copy; the API stays the judge and answers CONFLICT for a move it does not allow.
 * Dispatching goes through dispatchWorkOrder (a technician and a slot), the rest through
 * updateWorkOrderStatus.
 */
const NEXT_STEPS: Record<WorkOrderStatus, readonly Step[]> = {
  new: [{ to: 'scheduled', label: 'Schedule' }, CANCEL],
  scheduled: [{ to: 'dispatched', label: 'Dispatch…', dispatch: true }, HOLD, CANCEL],
  dispatched: [{ to: 'en_route', label: 'En route' }, HOLD, CANCEL],
  en_route: [{ to: 'in_progress', label: 'Start work' }, HOLD, CANCEL],
  in_progress: [{ to: 'completed', label: 'Complete' }, HOLD, CANCEL],
  completed: [{ to: 'invoiced', label: 'Invoice' }],
  invoiced: [],
  on_hold: [{ to: 'scheduled', label: 'Reschedule' }, CANCEL],
  cancelled: [],
};

/** A serviceRepair tenant's work orders, moved along their lifecycle. */
export function WorkOrders({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { workOrders } = await client.request(SpaWorkOrdersDocument, { first: 20, after });
      return { ...workOrders, nodes: workOrders.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  const [technicians, setTechnicians] = useState<Map<string, Technician> | null>(null);
  const [dispatching, setDispatching] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  // The technicians, for their names in the list and the dispatch form.
  useEffect(() => {
    let current = true;
    client.request(SpaTechniciansDocument, { first: 100 }).then(
      (result) => current && setTechnicians(new Map(result.technicians.edges.map(({ node }) => [node.id, node]))),
      (e: unknown) => current && setError(`Technicians: ${describeError(e)}`),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const run = async (order: SpaWorkOrderFragment, action: () => Promise<SpaWorkOrderFragment>) => {
    setPending(order.id);
    setError(null);
    try {
      list.replace(await action());
      setDispatching(null);
    } catch (e) {
      setError(`Work order #${order.number}: ${describeError(e)}`);
    } finally {
      setPending(null);
    }
  };

  return (
    <section className="card" aria-label="Work orders">
      <div className="card-header">
        <h2>Work orders</h2>
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
            <th>#</th>
            <th>Title</th>
            <th>Customer</th>
            <th>Priority</th>
            <th>Technician</th>
            <th>Scheduled</th>
            <th>Status</th>
            <th>Next</th>
          </tr>
        </thead>
        <tbody>
          {list.nodes.map((order) => (
            <Fragment key={order.id}>
              <tr data-id={order.id} aria-busy={pending === order.id}>
                <td className="strong">{order.number}</td>
                <td>{order.title}</td>
                <td>{order.customer.name}</td>
                <td>{order.priority}</td>
                <td>{order.technician ? (technicians?.get(order.technician.id)?.user.name ?? '…') : '—'}</td>
                <td>{order.schedule ? `${formatTime(order.schedule.start)} – ${formatTime(order.schedule.end)}` : '—'}</td>
                <td>
                  <StatusBadge status={order.status} label={STATUS_LABEL[order.status]} />
                </td>
                <td>
                  <div className="actions">
                    {NEXT_STEPS[order.status].map((step) =>
                      'dispatch' in step ? (
                        <button key={step.to} type="button" disabled={pending !== null} onClick={() => setDispatching(dispatching === order.id ? null : order.id)}>
                          {step.label}
                        </button>
                      ) : (
                        <button
                          key={step.to}
                          type="button"
                          className={step.to === 'cancelled' ? 'danger' : undefined}
                          disabled={pending !== null}
                          onClick={() =>
                            void run(order, async () => (await client.request(SpaUpdateWorkOrderStatusDocument, { id: order.id, status: step.to })).updateWorkOrderStatus)
                          }
                        >
                          {step.label}
                        </button>
                      ),
                    )}
                  </div>
                </td>
              </tr>
              {dispatching === order.id && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    <DispatchForm
                      technicians={technicians}
                      order={order}
                      busy={pending === order.id}
                      onCancel={() => setDispatching(null)}
                      onDispatch={(technicianId) =>
                        void run(order, async () => {
                          const result = await client.request(SpaDispatchWorkOrderDocument, { id: order.id, technicianId });
                          return result.dispatchWorkOrder.workOrder;
                        })
                      }
                    />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {list.nodes.length === 0 && list.totalCount === 0 && <p className="muted">No work orders yet.</p>}
      {list.hasNextPage && (
        <button type="button" className="secondary" onClick={list.loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}

type Technician = SpaTechniciansQuery['technicians']['edges'][number]['node'];

interface DispatchFormProps {
  technicians: Map<string, Technician> | null;
  order: SpaWorkOrderFragment;
  busy: boolean;
  onDispatch(technicianId: string | null): void;
  onCancel(): void;
}

/** A named technician, or the best eligible one as dispatch ranks them (no technicianId). */
function DispatchForm({ technicians, order, busy, onDispatch, onCancel }: DispatchFormProps) {
  const [technicianId, setTechnicianId] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onDispatch(technicianId || null);
  };

  return (
    <form className="assign" aria-label={`Dispatch work order ${order.number}`} onSubmit={submit}>
      <label>
        Technician
        <select value={technicianId} onChange={(e) => setTechnicianId(e.target.value)}>
          <option value="">Best available</option>
          {[...(technicians?.values() ?? [])].map((technician) => (
            <option key={technician.id} value={technician.id} disabled={!technician.active}>
              {technician.user.name}
              {technician.skills.length ? ` · ${technician.skills.map((s) => `${s.name} ${s.level}`).join(', ')}` : ''}
              {technician.active ? '' : ' (inactive)'}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy}>
        Dispatch
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
