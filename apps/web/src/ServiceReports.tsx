import { useCallback, useEffect, useState } from 'react';
import { SpaServiceReportDocument, type SpaServiceReportQuery } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';

type Report = SpaServiceReportQuery['serviceReport'];

const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`);
const minutes = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value)} min`);
/** The first of this month and of the next, as date inputs want them. */
function thisMonth(): { from: string; to: string } {
  const now = new Date();
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { from: first.toISOString().slice(0, 10), to: next.toISOString().slice(0, 10) };
}

/** The owner's report of a period: jobs completed, first-time fix, response against due-by, utilisation, revenue by job type. */
export function ServiceReports({ client }: { client: Client }) {
  const [period, setPeriod] = useState(thisMonth);
  const [windowDays, setWindowDays] = useState(30);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const { serviceReport } = await client.request(SpaServiceReportDocument, {
        from: `${period.from}T00:00:00Z`,
        to: `${period.to}T00:00:00Z`,
        returnWindowDays: windowDays,
      });
      setReport(serviceReport);
      setError(null);
    } catch (e) {
      setReport(null);
      setError(describeError(e));
    }
  }, [client, period, windowDays]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="card" aria-label="Reports">
      <div className="card-header">
        <h2>Reports</h2>
        <span>
          <label>
            From <input aria-label="From" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
          </label>{' '}
          <label>
            to <input aria-label="To" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
          </label>{' '}
          <label>
            Return window{' '}
            <input aria-label="Return window days" type="number" min={1} max={365} value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))} /> days
          </label>
        </span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {report && (
        <>
          <dl className="figures" aria-label="Figures">
            <dt>Jobs completed</dt>
            <dd data-figure="jobsCompleted">{report.jobsCompleted}</dd>
            <dt>First-time fix</dt>
            <dd data-figure="firstTimeFix">
              {percent(report.firstTimeFix.rate)} ({report.firstTimeFix.fixedFirstTime} of {report.firstTimeFix.jobs}, no return within{' '}
              {report.firstTimeFix.returnWindowDays} days)
            </dd>
            <dt>Reached by due-by</dt>
            <dd data-figure="onTime">
              {percent(report.response.onTimeRate)} ({report.response.onTime} of {report.response.jobsWithDueBy})
            </dd>
            <dt>Average response</dt>
            <dd>
              {minutes(report.response.averageResponseMinutes)} (allowed {minutes(report.response.averageAllowedMinutes)}, margin{' '}
              {minutes(report.response.averageMarginMinutes)})
            </dd>
          </dl>
          <table aria-label="Technician utilisation">
            <thead>
              <tr>
                <th>Technician</th>
                <th>Available</th>
                <th>Booked</th>
                <th>Utilisation</th>
              </tr>
            </thead>
            <tbody>
              {report.technicianUtilisation.map((row) => (
                <tr key={row.technician.id}>
                  <td>{row.technician.user.name}</td>
                  <td>{row.availableHours} h</td>
                  <td>{row.bookedHours} h</td>
                  <td>{percent(row.utilisation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table aria-label="Revenue by job type">
            <thead>
              <tr>
                <th>Job type</th>
                <th>Invoices</th>
                <th>Revenue (before tax)</th>
              </tr>
            </thead>
            <tbody>
              {report.revenueByJobType.map((row) => (
                <tr key={`${row.jobType ?? ''}-${row.revenue.formatted}`}>
                  <td>{row.jobType ?? 'none'}</td>
                  <td>{row.invoices}</td>
                  <td>{row.revenue.formatted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.revenueByJobType.length === 0 && <p className="muted">No invoices issued in the period.</p>}
        </>
      )}
    </section>
  );
}
