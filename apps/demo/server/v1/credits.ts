/**
 * The demo accounts' credit balances: each starts with {@link DEMO_STARTING_CREDITS}; a
 * generation is charged when it is created and refunded when it is canceled. Kept in millionths
 * of a credit, so that balances never drift by floating-point error.
 */

/** What every account starts with: enough for thousands of demo images. */
export const DEMO_STARTING_CREDITS = 25;

/** Per-account credit balances. */
export interface CreditLedger {
  /** The account's balance, in credits. */
  balance(accountId: string): number;
  /** Takes `amount` credits; false (and nothing taken) when the balance is short. */
  charge(accountId: string, amount: number): boolean;
  /** Gives `amount` credits back. */
  refund(accountId: string, amount: number): void;
}

const MICRO = 1e6;

/** Builds a ledger where every account starts at {@link DEMO_STARTING_CREDITS}. */
export function createCreditLedger(startingCredits = DEMO_STARTING_CREDITS): CreditLedger {
  const spent = new Map<string, number>();
  const start = Math.round(startingCredits * MICRO);
  const micro = (accountId: string) => start - (spent.get(accountId) ?? 0);
  return {
    balance: (accountId) => micro(accountId) / MICRO,
    charge(accountId, amount) {
      const cost = Math.round(amount * MICRO);
      if (cost > micro(accountId)) return false;
      spent.set(accountId, (spent.get(accountId) ?? 0) + cost);
      return true;
    },
    refund(accountId, amount) {
      spent.set(accountId, (spent.get(accountId) ?? 0) - Math.round(amount * MICRO));
    },
  };
}
