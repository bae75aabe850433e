import { useCallback, useEffect, useState } from 'react';
import { SpaAttachDocumentDocument, SpaLoadPaperDocument, SpaLoadsDocument, type DocumentKind, type SpaLoadPaperQuery } from '@attunelogic/schema/client';
import { describeError, uploadFile, type Client } from './api';
import { formatTime } from './connection';
import { useAuth } from './live';

type Paper = NonNullable<SpaLoadPaperQuery['load']>;

const KINDS: DocumentKind[] = ['pod', 'bol', 'rate_confirmation', 'photo', 'signature'];

/** A load's paper and timing: its ETAs, its documents (opened by signed link) and an upload form (a POD photo from the phone). */
export function LoadPaper({ client }: { client: Client }) {
  const auth = useAuth();
  const [loads, setLoads] = useState<{ id: string; referenceNumber: string }[]>([]);
  const [loadId, setLoadId] = useState('');
  const [paper, setPaper] = useState<Paper | null>(null);
  const [kind, setKind] = useState<DocumentKind>('pod');
  const [stopId, setStopId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .request(SpaLoadsDocument, { first: 100 })
      .then(({ loads: page }) => setLoads(page.edges.map((e) => ({ id: e.node.id, referenceNumber: e.node.referenceNumber }))))
      .catch((e: unknown) => setError(describeError(e)));
  }, [client]);

  const refresh = useCallback(async () => {
    if (!loadId) return setPaper(null);
    try {
      const { load } = await client.request(SpaLoadPaperDocument, { id: loadId });
      setPaper(load ?? null);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [client, loadId]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const upload = async () => {
    if (!file || !loadId) return;
    setBusy(true);
    try {
      const stored = await uploadFile(file, auth);
      await client.request(SpaAttachDocumentDocument, { input: { uploadId: stored.id, loadId, kind, ...(stopId ? { stopId } : {}), name: file.name || kind } });
      setFile(null);
      await refresh();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const stopName = (id: string | null | undefined) =>
    paper?.stops.find((s) => s.id === id)?.name ?? (id ? `stop ${paper?.stops.find((s) => s.id === id)?.sequence ?? ''}` : 'whole load');

  return (
    <section className="card" aria-label="Load documents">
      <div className="card-header">
        <h2>Documents and ETAs</h2>
        <label>
          Load{' '}
          <select aria-label="Load" value={loadId} onChange={(e) => setLoadId(e.target.value)}>
            <option value="">choose a load</option>
            {loads.map((l) => (
              <option key={l.id} value={l.id}>
                {l.referenceNumber}
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
      {paper && (
        <>
          <table aria-label="ETAs">
            <thead>
              <tr>
                <th>Stop</th>
                <th>Expected</th>
                <th>Late</th>
              </tr>
            </thead>
            <tbody>
              {(paper.eta?.stops ?? []).map((s) => (
                <tr key={s.stopId} data-stop-id={s.stopId} data-late={s.late}>
                  <td>
                    {s.sequence}. {stopName(s.stopId)}
                  </td>
                  <td>{formatTime(s.arriveAt)}</td>
                  <td>{s.late ? `${s.lateMinutes} min late` : 'on time'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!paper.eta && <p className="muted">No ETAs: the load is {paper.status}.</p>}
          <ul aria-label="Documents">
            {paper.documents.map((d) => (
              <li key={d.id} data-document-id={d.id} data-kind={d.kind}>
                {d.kind} · {d.name} · {stopName(d.stopId)} · {Math.ceil(d.size / 1024)} KB{' '}
                {d.downloadLink && (
                  <a href={d.downloadLink.url} target="_blank" rel="noopener noreferrer">
                    Open
                  </a>
                )}
              </li>
            ))}
          </ul>
          {paper.documents.length === 0 && <p className="muted">No documents yet.</p>}
          <div className="upload">
            <label>
              Kind{' '}
              <select aria-label="Kind" value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Stop{' '}
              <select aria-label="Stop" value={stopId} onChange={(e) => setStopId(e.target.value)}>
                <option value="">whole load</option>
                {paper.stops.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.sequence}. {s.type} {s.name ?? ''}
                  </option>
                ))}
              </select>
            </label>
            <label>
              File <input aria-label="File" type="file" accept="application/pdf,image/jpeg,image/png,image/webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
            </label>
            <button type="button" disabled={!file || busy} onClick={() => void upload()}>
              Upload
            </button>
          </div>
        </>
      )}
    </section>
  );
}
