/**
 * One transaction on one client of the pool: BEGIN, the work, COMMIT; ROLLBACK on any error;
 * the client always released.
 */
import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in a transaction. A client whose ROLLBACK fails is in an unknown state, so it is
 * destroyed rather than returned to the pool.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => undefined,
      (rollbackError: Error) => rollbackError,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}
