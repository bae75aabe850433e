export * from './env';
export * from './server';
export { SPA_CLIENT_ID, API_SCOPE } from './oidc/provider';
export { generateSigningKey, SIGNING_ALG, type SigningKey } from './keys/keys';
export { SIGN_IN_REFUSED, SIGN_IN_THROTTLED, type Account } from './accounts/accounts';
export { createCredentialStore, MIN_PASSWORD_LENGTH, type CredentialStore } from './accounts/credentials';
export { resetSecondFactor } from './accounts/second-factor';
