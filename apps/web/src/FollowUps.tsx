import { useCallback, useState } from 'react';
import { SpaFollowUpsDueDocument, SpaScheduleFollowUpDocument } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';
import { formatTime, useConnection } from './connection';

/** Completed work whose follow-up visit is due and not yet scheduled (maintenance.followUpDays), soonest first; one click opens the visit. */
export function FollowUps({ client }: { client: Client }) {
  const fetchPage = useCallback(
    async (after: string | null) => {
      const { workOrders } = await client.request(SpaFollowUpsDueDocument, { after });
      return { ...workOrders, nodes: workOrders.edges.map((e) => e.node) };
    },
    [client],
  );
  const list = useConnection(fetchPage);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  const schedule = async (id: string, number: number) => {
    setPending(id);
    setError(null);
    try {
      const { scheduleFollowUp } = await client.request(SpaScheduleFollowUpDocument, { id });
      setNotice(`Work order #${scheduleFollowUp.number} opened to follow up #${number}.`);
      list.reload();
    } catch (e) {
      setError(`#${number}: ${describeError(e)}`);
    } finally {
      setPending(null);
    }
  };

  const due = [...list.nodes].sort((a, b) => (a.followUpDueAt ?? '').localeCompare(b.followUpDueAt ?? ''));
  return (
    <section className="card" aria-label="Follow-ups due">
      <div className="card-header">
        <h2>Follow-ups due</h2>
        <span className="muted">{list.totalCount === null ? 'loading…' : `${list.totalCount} to schedule`}</span>
      </div>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error}
        </p>
      )}
      {notice && <p className="muted">{notice}</p>}
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Job</th>
            <th>Customer</th>
            <th>Due</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {due.map((order) => (
            <tr key={order.id} data-id={order.id}>
              <td className="strong">{order.number}</td>
              <td>{order.title}</td>
              <td>{order.customer.name}</td>
              <td>{formatTime(order.followUpDueAt)}</td>
              <td>
                <button type="button" disabled={pending === order.id} onClick={() => void schedule(order.id, order.number)}>
                  Schedule
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.totalCount === 0 && <p className="muted">Nothing to follow up.</p>}
    </section>
  );
}
