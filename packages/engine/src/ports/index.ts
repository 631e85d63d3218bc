// The ports live in their own package so adapters (the Bybit venue) depend on them, not on the router.
export * from '@tranche/ports';
