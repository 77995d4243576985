/** The parameter every one-read handler reads (seeded by the cold-start scenario). */
export const COLD_PARAMETER = '/bench/cold/db-host';
export const COLD_VALUE = 'db.internal:5432';
