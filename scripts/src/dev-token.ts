import { parseArgs } from 'node:util';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { signDevelopmentToken } from '@attunelogic/gateway';
import { connectOrExit, devEnv } from './dev-env';

/** `pnpm --silent dev-token --tenant <slug> --email <email>`: prints only a development JWT (1 hour). */
async function main(): Promise<void> {
  const usage = 'usage: pnpm --silent dev-token --tenant <slug> --email <email> [--ttl seconds]';
  let values: { tenant?: string; email?: string; ttl?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { tenant: { type: 'string' }, email: { type: 'string' }, ttl: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.tenant || !values.email) {
    console.error(usage);
    process.exit(2);
  }
  if (values.ttl !== undefined && !/^[1-9][0-9]{0,6}$/.test(values.ttl)) {
    console.error(`--ttl must be a whole number of seconds (1 to 9999999), not ${values.ttl}\n${usage}`);
    process.exit(2);
  }
  loadEnvFile();
  const env = devEnv();
  const connection = await connectOrExit(env['MONGODB_URI']!, `${env['MONGODB_DB_PREFIX']}-core`);
  try {
    const tenant = await connection.collection('customers').findOne({ slug: values.tenant });
    const user = tenant ? await connection.collection('users').findOne({ parentCompany: tenant._id, email: values.email.toLowerCase() }) : null;
    if (!tenant || !user) {
      console.error(`No user ${values.email} in tenant ${values.tenant} (has \`pnpm seed\` run?)`);
      process.exit(1);
    }
    const token = await signDevelopmentToken({
      secret: env['JWT_SECRET']!,
      issuer: env['JWT_ISSUER']!,
      audience: env['JWT_AUDIENCE']!,
      userId: String(user._id),
      tenant: values.tenant,
      ttlSeconds: values.ttl ? Number(values.ttl) : 3600,
    });
    process.stdout.write(`${token}\n`);
  } finally {
    await connection.close();
  }
}

await main();
