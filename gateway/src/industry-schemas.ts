import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_TYPES, type AppType } from '@attunelogic/shared';

/** Reads `api/<industry>.graphql` beside the supergraph, as `schema/` composes them. */
export const readIndustrySchemas = (schemaDir: string): Record<AppType, string> =>
  Object.fromEntries(APP_TYPES.map((appType) => [appType, readFileSync(path.join(schemaDir, 'api', `${appType}.graphql`), 'utf8')])) as Record<AppType, string>;
