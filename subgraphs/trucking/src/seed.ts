import { createHash } from 'node:crypto';
import { seedOwner, tenantScope, type SeedTenant } from '@attunelogic/shared';
import { type TruckingModels } from './models';
import { type VehicleStatus } from './vehicles/vehicles.model';
import { vinCheckDigit } from './vehicles/vehicles.service';

interface DemoVehicle {
  unitNumber: string;
  make: string;
  model: string;
  year: number;
  /** World manufacturer identifier and descriptor section: the VIN's first eight characters. */
  vinPrefix: string;
  status: VehicleStatus;
  odometer: number;
  engineHours: number;
}

const FLEET: readonly DemoVehicle[] = [
  { unitNumber: '101', make: 'Freightliner', model: 'Cascadia', year: 2022, vinPrefix: '1FUJHHDR', status: 'active', odometer: 184_220, engineHours: 4_310.5 },
  { unitNumber: '102', make: 'Kenworth', model: 'T680', year: 2021, vinPrefix: '1XKYD49X', status: 'active', odometer: 256_940, engineHours: 6_022 },
  { unitNumber: '103', make: 'Peterbilt', model: '579', year: 2023, vinPrefix: '1XPBD49X', status: 'active', odometer: 61_305, engineHours: 1_480.2 },
  { unitNumber: '104', make: 'Volvo', model: 'VNL 860', year: 2020, vinPrefix: '4V4NC9EH', status: 'in_shop', odometer: 402_118, engineHours: 9_877.8 },
  { unitNumber: '105', make: 'International', model: 'LT625', year: 2019, vinPrefix: '3HSDJAPR', status: 'out_of_service', odometer: 517_660, engineHours: 12_404 },
];

// ISO 3779 model-year codes (position 10) for the years the demo fleet uses.
const MODEL_YEAR_CODE: Readonly<Record<number, string>> = { 2019: 'K', 2020: 'L', 2021: 'M', 2022: 'N', 2023: 'P' };

/** A valid VIN that is the same on every run for the same tenant and unit, and differs between them. */
function demoVin(slug: string, vehicle: DemoVehicle): string {
  const serial = String(parseInt(createHash('sha256').update(`${slug}/${vehicle.unitNumber}`).digest('hex').slice(0, 8), 16) % 1_000_000).padStart(6, '0');
  const draft = `${vehicle.vinPrefix}0${MODEL_YEAR_CODE[vehicle.year] ?? 'N'}A${serial}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

/**
 * Gives every trucking tenant its demo fleet. Keyed by unit number, so a second run creates nothing
 * and never overwrites what users changed since. Returns how many vehicles were created.
 */
export async function seedTrucking(models: TruckingModels, tenants: readonly SeedTenant[]): Promise<{ created: number }> {
  // The unique index must exist before the first upsert, or a concurrent run could insert twice.
  await models.Vehicle.init();
  let created = 0;
  for (const tenant of tenants.filter((t) => t.appType === 'trucking')) {
    const scope = tenantScope({ tenantId: tenant.id });
    const createdBy = seedOwner(tenant);
    for (const vehicle of FLEET) {
      const result = await models.Vehicle.updateOne(
        { ...scope, unitNumber: vehicle.unitNumber },
        {
          $setOnInsert: {
            vin: demoVin(tenant.slug, vehicle),
            make: vehicle.make,
            model: vehicle.model,
            year: vehicle.year,
            plate: `${vehicle.unitNumber}-${tenant.slug.slice(0, 3).toUpperCase()}`,
            status: vehicle.status,
            odometer: vehicle.odometer,
            engineHours: vehicle.engineHours,
            createdBy,
          },
        },
        { upsert: true },
      );
      created += result.upsertedCount;
    }
  }
  return { created };
}
