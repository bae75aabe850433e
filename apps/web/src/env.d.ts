/// <reference types="vite/client" />

/** The gateway's GraphQL path, called on the SPA's own origin (vite.config.ts). */
declare const __API_PATH__: string;
