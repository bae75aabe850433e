import { useCallback, useEffect, useState } from 'react';
import { SpaDriverPositionsDocument } from '@attunelogic/schema/client';
import { describeError, errorCode, type Client } from './api';
import { formatTime } from './connection';
import { useLiveEvents } from './live';

interface Position {
  driverId: string;
  name: string;
  latitude: number;
  longitude: number;
  recordedAt: string;
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = 40;

/** Plots positions in the box around them (an equirectangular plot: no tiles, nothing fetched from elsewhere). */
function project(positions: readonly Position[]): (p: Position) => { x: number; y: number } {
  const lats = positions.map((p) => p.latitude);
  const lons = positions.map((p) => p.longitude);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  // At least a tenth of a degree across, so one driver (or drivers close together) sit mid-map.
  const spanLat = Math.max(maxLat - minLat, 0.1);
  const spanLon = Math.max(maxLon - minLon, 0.1);
  const midLat = (minLat + maxLat) / 2;
  const midLon = (minLon + maxLon) / 2;
  const scale = Math.min((WIDTH - 2 * MARGIN) / spanLon, (HEIGHT - 2 * MARGIN) / spanLat);
  return (p) => ({ x: WIDTH / 2 + (p.longitude - midLon) * scale, y: HEIGHT / 2 - (p.latitude - midLat) * scale });
}

/**
 * The tenant's drivers at their latest positions: read once, then moved by `driver.position` events
 * as their devices report (a driver not on the map yet makes it read the positions again).
 */
export function DriverMap({ client }: { client: Client }) {
  const [positions, setPositions] = useState<Map<string, Position>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);

  const load = useCallback(async () => {
    try {
      const { driverLocations } = await client.request(SpaDriverPositionsDocument, { first: 100 });
      setPositions(
        new Map(driverLocations.edges.map(({ node }) => [node.driver.id, { driverId: node.driver.id, name: node.driver.user?.name ?? node.driver.id, ...node.latest }])),
      );
      setError(null);
    } catch (e) {
      // A role without tracking:read (or a tenant without tracking) has no map.
      if (errorCode(e) === 'FORBIDDEN' || errorCode(e) === 'FEATURE_DISABLED') setForbidden(true);
      else setError(describeError(e));
    }
  }, [client]);
  useEffect(() => {
    void load();
  }, [load]);

  useLiveEvents(['driver.position'], (event) => {
    const { driverId, latitude, longitude, recordedAt } = event.payload as { driverId: string; latitude: number; longitude: number; recordedAt: string };
    setPositions((previous) => {
      const known = previous.get(driverId);
      if (!known) {
        void load();
        return previous;
      }
      if (known.recordedAt > recordedAt) return previous;
      return new Map(previous).set(driverId, { ...known, latitude, longitude, recordedAt });
    });
  });

  if (forbidden) return null;
  const list = [...positions.values()];
  const at = project(list);
  return (
    <section className="card" aria-label="Driver positions">
      <div className="card-header">
        <h2>Driver positions</h2>
        <span className="muted">{list.length} on the map</span>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {list.length === 0 ? (
        <p className="muted">No driver has reported a position yet.</p>
      ) : (
        <svg className="driver-map" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Map of driver positions">
          <rect x={0} y={0} width={WIDTH} height={HEIGHT} className="driver-map-ground" />
          {list.map((p) => {
            const { x, y } = at(p);
            return (
              <g
                key={p.driverId}
                data-driver-id={p.driverId}
                data-latitude={p.latitude}
                data-longitude={p.longitude}
                transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
              >
                <title>{`${p.name}: ${p.latitude.toFixed(4)}, ${p.longitude.toFixed(4)} at ${formatTime(p.recordedAt)}`}</title>
                <circle r={6} className="driver-dot" />
                <text x={9} y={4} className="driver-label">
                  {p.name}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </section>
  );
}
