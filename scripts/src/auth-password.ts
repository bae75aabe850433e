import { parseArgs } from 'node:util';
import { createCredentialStore, resetSecondFactor } from '@attunelogic/auth';
import { loadEnvFile } from '@attunelogic/shared/env-file';
import { connectOrExit, devEnv } from './dev-env';

/**
 * `pnpm auth-password --tenant <slug> --email <email>`: prints a one-time link (valid one day, used
 * once) at which the user sets their password: an invitation or a reset, handed over by the operator.
 * `--reset-second-factor` also turns the person's TOTP off, for someone who lost both the phone and
 * the recovery codes (after the operator has checked who is asking); they can enrol again.
 */
async function main(): Promise<void> {
  const usage = 'usage: pnpm auth-password --tenant <slug> --email <email> [--reset-second-factor]';
  let values: { tenant?: string; email?: string; help?: boolean; 'reset-second-factor'?: boolean };
  try {
    ({ values } = parseArgs({
      options: { tenant: { type: 'string' }, email: { type: 'string' }, help: { type: 'boolean', short: 'h' }, 'reset-second-factor': { type: 'boolean' } },
    }));
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
  loadEnvFile();
  const env = devEnv();
  const issuer = env['AUTH_ISSUER'] ?? `http://127.0.0.1:${env['GATEWAY_PORT'] ?? 4000}/api/v1/auth`;
  const [core, auth] = await Promise.all([
    connectOrExit(env['MONGODB_URI']!, `${env['MONGODB_DB_PREFIX']}-core`),
    connectOrExit(env['MONGODB_URI']!, `${env['MONGODB_DB_PREFIX']}-auth`),
  ]);
  try {
    const tenant = await core.collection('customers').findOne({ slug: values.tenant });
    const user = tenant ? await core.collection('users').findOne({ parentCompany: tenant._id, email: values.email.toLowerCase() }) : null;
    if (!tenant || !user) {
      console.error(`No user ${values.email} in tenant ${values.tenant}`);
      process.exit(1);
    }
    if (values['reset-second-factor']) {
      const reset = await resetSecondFactor(auth, String(user._id));
      console.error(reset ? 'two-step sign-in turned off for this person' : 'this person had no two-step sign-in');
    }
    const token = await createCredentialStore(auth).issuePasswordToken({ tenantId: String(tenant._id), slug: values.tenant, userId: String(user._id) });
    process.stdout.write(`${issuer}/password/${token}\n`);
  } finally {
    await Promise.all([core.close(), auth.close()]);
  }
}

await main();
