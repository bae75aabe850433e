/// <reference types="vite/client" />

/** The gateway's GraphQL path, called on the SPA's own origin (vite.config.ts). */
declare const __API_PATH__: string;

/** The authorization server's issuer the SPA was built for; its discovery document must name it (vite.config.ts). */
declare const __AUTH_ISSUER__: string;
