import { useCallback, useEffect, useState } from 'react';
import {
  SpaAttachToWorkOrderDocument,
  SpaCheckChecklistItemDocument,
  SpaJobDocument,
  SpaRetireWorkOrderAttachmentDocument,
  SpaScheduleFollowUpDocument,
  SpaUpdateWorkOrderStatusDocument,
  SpaWorkOrdersDocument,
  type SpaJobQuery,
  type WorkOrderAttachmentKind,
} from '@attunelogic/schema/client';
import { describeError, uploadFile, type Client } from './api';
import { formatTime } from './connection';
import { useAuth } from './live';

type Job = NonNullable<SpaJobQuery['workOrder']>;

const KINDS: WorkOrderAttachmentKind[] = ['photo', 'signature', 'document'];
/** Where the job is being worked: its checklist may be ticked and it may be completed. */
const ON_SITE = new Set(['dispatched', 'en_route', 'in_progress']);

/**
 * One job on site: its checklist (required items must be ticked before it completes; the API's
 * refusal names the missing ones), its photos and the customer's signature (uploaded, opened by
 * signed link, retired), and its follow-up visit once it is done.
 */
export function JobSheet({ client }: { client: Client }) {
  const auth = useAuth();
  const [orders, setOrders] = useState<{ id: string; number: number; title: string }[]>([]);
  const [orderId, setOrderId] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [kind, setKind] = useState<WorkOrderAttachmentKind>('photo');
  const [itemId, setItemId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .request(SpaWorkOrdersDocument, { first: 50 })
      .then(({ workOrders }) => setOrders(workOrders.edges.map((e) => ({ id: e.node.id, number: e.node.number, title: e.node.title }))))
      .catch((e: unknown) => setError(describeError(e)));
  }, [client]);

  const refresh = useCallback(async () => {
    if (!orderId) return setJob(null);
    try {
      setJob((await client.request(SpaJobDocument, { id: orderId })).workOrder ?? null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, orderId]);
  useEffect(() => {
    setError(null);
    setNotice(null);
    void refresh();
  }, [refresh]);

  const act = async (what: () => Promise<unknown>, done?: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await what();
      if (done) setNotice(done);
      await refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  // Ticked at once on the page; the API's answer (or its refusal) then sets it right.
  const tick = (itemId: string, done: boolean) => {
    setJob((current) => current && { ...current, checklist: current.checklist.map((i) => (i.itemId === itemId ? { ...i, done } : i)) });
    return act(() => client.request(SpaCheckChecklistItemDocument, { workOrderId: orderId, itemId, done }));
  };

  const upload = () =>
    act(async () => {
      if (!file || !job) return;
      const stored = await uploadFile(file, auth);
      await client.request(SpaAttachToWorkOrderDocument, {
        input: { uploadId: stored.id, workOrderId: job.id, kind, name: file.name || kind, ...(itemId ? { checklistItemId: itemId } : {}) },
      });
      setFile(null);
    }, 'Attached.');

  const itemLabel = (id: string | null | undefined) => job?.checklist.find((i) => i.itemId === id)?.label ?? 'whole job';

  return (
    <section className="card" aria-label="Job sheet">
      <div className="card-header">
        <h2>Job sheet</h2>
        <label>
          Work order{' '}
          <select aria-label="Job" value={orderId} onChange={(e) => setOrderId(e.target.value)}>
            <option value="">choose a work order</option>
            {orders.map((o) => (
              <option key={o.id} value={o.id}>
                #{o.number} {o.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && <p className="muted">{notice}</p>}
      {job && (
        <>
          <p>
            #{job.number} {job.title} · <span data-status={job.status}>{job.status.replace('_', ' ')}</span>
            {job.jobType ? ` · ${job.jobType}` : ''}
          </p>
          <h3>Checklist</h3>
          {job.checklist.length === 0 && <p className="muted">No checklist for this job type.</p>}
          <ul aria-label="Checklist" className="checklist">
            {job.checklist.map((item) => (
              <li key={item.itemId} data-item-id={item.itemId}>
                <label>
                  <input type="checkbox" checked={item.done} disabled={busy || !ON_SITE.has(job.status)} onChange={(e) => void tick(item.itemId, e.target.checked)} />{' '}
                  {item.label}
                  {item.required && <strong> (required)</strong>}
                </label>
              </li>
            ))}
          </ul>
          {job.status === 'in_progress' && (
            <button
              type="button"
              disabled={busy}
              onClick={() => void act(() => client.request(SpaUpdateWorkOrderStatusDocument, { id: job.id, status: 'completed' }), 'Completed.')}
            >
              Complete job
            </button>
          )}

          <h3>Photos and signature</h3>
          <ul aria-label="Attachments">
            {job.attachments.map((a) => (
              <li key={a.id} data-attachment-id={a.id} data-kind={a.kind}>
                {a.kind} · {a.name} · {itemLabel(a.checklistItemId)} · {Math.ceil(a.size / 1024)} KB{' '}
                {a.downloadLink && (
                  <a href={a.downloadLink.url} target="_blank" rel="noopener noreferrer">
                    View
                  </a>
                )}{' '}
                <button
                  type="button"
                  className="link"
                  disabled={busy}
                  onClick={() => void act(() => client.request(SpaRetireWorkOrderAttachmentDocument, { id: a.id, reason: 'Removed from the job sheet' }))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          {job.attachments.length === 0 && <p className="muted">No photos yet.</p>}
          <div className="upload">
            <label>
              Kind{' '}
              <select aria-label="Attachment kind" value={kind} onChange={(e) => setKind(e.target.value as WorkOrderAttachmentKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            {job.checklist.length > 0 && (
              <label>
                For{' '}
                <select aria-label="Checklist item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
                  <option value="">whole job</option>
                  {job.checklist.map((i) => (
                    <option key={i.itemId} value={i.itemId}>
                      {i.label}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label>
              File{' '}
              <input
                aria-label="Photo file"
                type="file"
                accept="image/jpeg,image/png,image/webp,application/pdf"
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
            </label>
            <button type="button" disabled={!file || busy} onClick={() => void upload()}>
              Upload
            </button>
          </div>

          {job.followUpDueAt && (
            <>
              <h3>Follow-up</h3>
              {job.followUp ? (
                <p>Follow-up visit: work order #{job.followUp.number}.</p>
              ) : (
                <p>
                  Due {formatTime(job.followUpDueAt)}{' '}
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void act(() => client.request(SpaScheduleFollowUpDocument, { id: job.id }), 'Follow-up scheduled.')}
                  >
                    Schedule follow-up
                  </button>
                </p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
