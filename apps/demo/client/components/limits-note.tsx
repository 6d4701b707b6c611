import { type DemoLimits, describeLimits } from '../../server/demo-limits.js';
import { useLoader } from '../use-loader.js';

async function loadLimits(): Promise<DemoLimits> {
  const response = await fetch('/api/demo/limits', { credentials: 'same-origin' });
  const payload = (await response.json()) as { data?: DemoLimits };
  if (!response.ok || !payload.data) throw new Error('Limits unavailable');
  return payload.data;
}

/** The limits this server enforces on `/v1`, in one sentence (as `GET /api/demo/limits` says). */
export function LimitsNote() {
  const { data } = useLoader(loadLimits, 'limits');
  return data ? <span data-testid="demo-limits"> {describeLimits(data)}</span> : null;
}
