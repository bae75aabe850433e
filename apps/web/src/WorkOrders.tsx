import { Fragment, useCallback, useEffect, useState, type FormEvent } from 'react';
import {
  SpaCancelWorkOrderDocument,
  SpaDispatchWorkOrderDocument,
  SpaRescheduleWorkOrderDocument,
  SpaTechniciansDocument,
  SpaUpdateWorkOrderStatusDocument,
  SpaWorkOrdersDocument,
  type SpaTechniciansQuery,
  type SpaWorkOrderFragment,
  type WorkOrderStatus,
} from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';
import { useRefreshOnEvents } from './live';
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

/** The forms a step may open under its row. */
type FormKind = 'dispatch' | 'reschedule' | 'cancel';
type Step = { to: Exclude<WorkOrderStatus, 'dispatched' | 'cancelled'>; label: string } | { label: string; form: FormKind };

const HOLD: Step = { to: 'on_hold', label: 'Hold' };
const CANCEL: Step = { label: 'Cancel order', form: 'cancel' };
const RESCHEDULE: Step = { label: 'Reschedule…', form: 'reschedule' };

/**
 * The next steps offered from each status: the lifecycle documented on WorkOrderStatus
 * (new → scheduled → dispatched → en_route → in_progress → completed → invoiced; on hold from the
 * middle, cancelled before completed). WorkOrder has no nextStatuses field, so the SPA keeps this
 * copy; the API stays the judge and answers CONFLICT for a move it does not allow.
 * Dispatching goes through dispatchWorkOrder (a technician and a slot), rescheduling a booked order
 * (another slot and/or technician) through rescheduleWorkOrder, cancelling through cancelWorkOrder
 * (with a reason), the rest through updateWorkOrderStatus.
 */
const NEXT_STEPS: Record<WorkOrderStatus, readonly Step[]> = {
  new: [{ to: 'scheduled', label: 'Schedule' }, CANCEL],
  scheduled: [{ label: 'Dispatch…', form: 'dispatch' }, HOLD, CANCEL],
  dispatched: [{ to: 'en_route', label: 'En route' }, RESCHEDULE, HOLD, CANCEL],
  en_route: [{ to: 'in_progress', label: 'Start work' }, HOLD, CANCEL],
  in_progress: [{ to: 'completed', label: 'Complete' }, HOLD, CANCEL],
  completed: [{ to: 'invoiced', label: 'Invoice' }],
  invoiced: [],
  on_hold: [RESCHEDULE, { to: 'scheduled', label: 'Back to scheduled' }, CANCEL],
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
  // Another person's (or a technician's) change to a work order: the list reads itself again.
  useRefreshOnEvents(['work_order.'], list.reload);
  const [technicians, setTechnicians] = useState<Map<string, Technician> | null>(null);
  const [open, setOpen] = useState<{ id: string; form: FormKind } | null>(null);
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
      setOpen(null);
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
                      'form' in step ? (
                        <button
                          key={step.form}
                          type="button"
                          className={step.form === 'cancel' ? 'danger' : undefined}
                          disabled={pending !== null}
                          onClick={() => setOpen(open?.id === order.id && open.form === step.form ? null : { id: order.id, form: step.form })}
                        >
                          {step.label}
                        </button>
                      ) : (
                        <button
                          key={step.to}
                          type="button"
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
              {open?.id === order.id && (
                <tr className="inline-form">
                  <td colSpan={8}>
                    {open.form === 'dispatch' && (
                      <DispatchForm
                        technicians={technicians}
                        order={order}
                        busy={pending === order.id}
                        onCancel={() => setOpen(null)}
                        onDispatch={(technicianId) =>
                          void run(order, async () => {
                            const result = await client.request(SpaDispatchWorkOrderDocument, { id: order.id, technicianId });
                            return result.dispatchWorkOrder.workOrder;
                          })
                        }
                      />
                    )}
                    {open.form === 'reschedule' && (
                      <RescheduleForm
                        technicians={technicians}
                        order={order}
                        busy={pending === order.id}
                        onCancel={() => setOpen(null)}
                        onReschedule={(input) =>
                          void run(order, async () => (await client.request(SpaRescheduleWorkOrderDocument, { id: order.id, input })).rescheduleWorkOrder)
                        }
                      />
                    )}
                    {open.form === 'cancel' && (
                      <CancelForm
                        order={order}
                        busy={pending === order.id}
                        onCancel={() => setOpen(null)}
                        onConfirm={(reason) => void run(order, async () => (await client.request(SpaCancelWorkOrderDocument, { id: order.id, reason })).cancelWorkOrder)}
                      />
                    )}
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

/** `YYYY-MM-DDTHH:MM` in the browser's time zone, as a datetime-local input shows it. */
const toLocalInput = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

interface RescheduleFormProps {
  technicians: Map<string, Technician> | null;
  order: SpaWorkOrderFragment;
  busy: boolean;
  onReschedule(input: { start: string; end: string | null; technicianId: string | null }): void;
  onCancel(): void;
}

/**
 * A new slot (start, and an end or the order's estimate) and, to reassign, another technician. The API
 * judges the technician on that slot and answers CONFLICT, with the reasons, for a double booking.
 */
function RescheduleForm({ technicians, order, busy, onReschedule, onCancel }: RescheduleFormProps) {
  const [start, setStart] = useState(toLocalInput(order.schedule?.start));
  const [end, setEnd] = useState('');
  const [technicianId, setTechnicianId] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!start) return;
    onReschedule({ start: new Date(start).toISOString(), end: end ? new Date(end).toISOString() : null, technicianId: technicianId || null });
  };

  return (
    <form className="assign" aria-label={`Reschedule work order ${order.number}`} onSubmit={submit}>
      <label>
        Start
        <input type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
      </label>
      <label>
        End
        <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} />
      </label>
      <label>
        Technician
        <select value={technicianId} onChange={(e) => setTechnicianId(e.target.value)}>
          <option value="">Keep {order.technician ? (technicians?.get(order.technician.id)?.user.name ?? 'current') : 'current'}</option>
          {[...(technicians?.values() ?? [])]
            .filter((technician) => technician.id !== order.technician?.id)
            .map((technician) => (
              <option key={technician.id} value={technician.id} disabled={!technician.active}>
                {technician.user.name}
                {technician.active ? '' : ' (inactive)'}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !start}>
        Reschedule
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Close
      </button>
    </form>
  );
}

interface CancelFormProps {
  order: SpaWorkOrderFragment;
  busy: boolean;
  onConfirm(reason: string): void;
  onCancel(): void;
}

/** Cancelling asks why: the reason is kept on the work order. */
function CancelForm({ order, busy, onConfirm, onCancel }: CancelFormProps) {
  const [reason, setReason] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) onConfirm(reason.trim());
  };

  return (
    <form className="assign" aria-label={`Cancel work order ${order.number}`} onSubmit={submit}>
      <label>
        Reason
        <input type="text" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="danger" disabled={busy || !reason.trim()}>
        Cancel work order
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Keep it
      </button>
    </form>
  );
}
