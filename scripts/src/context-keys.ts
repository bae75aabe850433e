import { generateInternalContextKeys } from '@attunelogic/shared';

/**
 * `pnpm --silent context-keys`: prints a new Ed25519 key pair for the internal contexts as two
 * `.env` lines. The gateway alone gets INTERNAL_CONTEXT_PRIVATE_KEY; every subgraph gets
 * INTERNAL_CONTEXT_PUBLIC_KEYS (to rotate, give them a JWK Set with the old and the new key first).
 */
function main(): void {
  const { privateKey, publicKey, kid } = generateInternalContextKeys();
  console.log(`# key id ${kid}`);
  console.log(`INTERNAL_CONTEXT_PRIVATE_KEY=${privateKey}`);
  console.log(`INTERNAL_CONTEXT_PUBLIC_KEYS=${publicKey}`);
}

main();
