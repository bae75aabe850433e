import { useEffect, useState } from 'react';
import { SpaTechniciansDocument, SpaTechnicianWeekDocument, type SpaTechnicianWeekQuery } from '@attunelogic/schema/client';
import { describeError, type Client } from './api';

type Week = SpaTechnicianWeekQuery['technicianSchedule'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Today as YYYY-MM-DD (UTC). */
const today = (): string => new Date().toISOString().slice(0, 10);

/** A time of day of an instant in the schedule's time zone, HH:MM. */
const clock = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));

/** A technician's week as a grid: one row per day, its jobs, travel buffers and free slots. */
export function TechnicianWeek({ client }: { client: Client }) {
  const [technicians, setTechnicians] = useState<{ id: string; name: string }[]>([]);
  const [technicianId, setTechnicianId] = useState('');
  const [from, setFrom] = useState(today());
  const [week, setWeek] = useState<Week | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.request(SpaTechniciansDocument, { first: 100 }).then(
      (data) => {
        if (!current) return;
        const list = data.technicians.edges.map(({ node }) => ({ id: node.id, name: node.user.name ?? node.id }));
        setTechnicians(list);
        setTechnicianId((chosen) => chosen || (list[0]?.id ?? ''));
      },
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [client]);

  useEffect(() => {
    if (!technicianId || !from) return;
    let current = true;
    const start = new Date(`${from}T00:00:00Z`);
    client.request(SpaTechnicianWeekDocument, { technicianId, from: start.toISOString(), to: new Date(start.getTime() + 7 * DAY_MS).toISOString() }).then(
      (data) => {
        if (!current) return;
        setWeek(data.technicianSchedule);
        setError(null);
      },
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [client, technicianId, from]);

  const span = (w: { start: string; end: string }, timeZone: string) => `${clock(w.start, timeZone)}–${clock(w.end, timeZone)}`;

  return (
    <section className="card" aria-label="Technician week">
      <div className="card-header">
        <h2>Technician week</h2>
        <label>
          Technician
          <select value={technicianId} onChange={(e) => setTechnicianId(e.target.value)}>
            {technicians.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {week && (
        <>
          <p className="muted">
            {week.timeZone} · travel buffer {week.travelBufferMinutes} min · {week.maxJobsPerDay === null ? 'no daily limit' : `at most ${week.maxJobsPerDay} jobs a day`}
          </p>
          <table aria-label="Week">
            <thead>
              <tr>
                <th>Day</th>
                <th>Jobs</th>
                <th>Travel</th>
                <th>Free</th>
              </tr>
            </thead>
            <tbody>
              {week.days.map((day) => (
                <tr key={day.date} data-date={day.date}>
                  <td className="strong">{day.date}</td>
                  <td>
                    {day.jobs.map((job) => (
                      <div key={job.workOrder.id} data-id={job.workOrder.id}>
                        {span(job, week.timeZone)} #{job.workOrder.number} {job.workOrder.title}
                      </div>
                    ))}
                    {day.jobCount === 0 && <span className="muted">—</span>}
                  </td>
                  <td>{day.travel.map((t) => span(t, week.timeZone)).join(', ') || '—'}</td>
                  <td>{day.atDailyLimit ? 'Full (daily limit)' : day.freeSlots.map((f) => span(f, week.timeZone)).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
