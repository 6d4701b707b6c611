import { type FormEvent, useId, useState } from 'react';

/**
 * "Compare an IP": logged IP hashes are keyed with the deployment's secret, so nobody can hash
 * an address by hand to compare. The server hashes the typed address the way the logs do
 * (`POST /api/ip-hash`), and the page highlights the rows with that hash.
 */
export function CompareIp({ onHash }: { onHash: (hash: string | null) => void }) {
  const inputId = useId();
  const [ip, setIp] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (ip.trim() === '') {
      onHash(null);
      setMessage(null);
      return;
    }
    const response = await fetch('/api/ip-hash', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ip }),
      credentials: 'same-origin',
    });
    const payload = (await response.json()) as {
      data?: { ip: string; ipHash: string };
      error?: { message: string };
    };
    if (!response.ok || !payload.data) {
      onHash(null);
      setMessage(payload.error?.message ?? 'Could not hash that address');
      return;
    }
    onHash(payload.data.ipHash);
    setMessage(`Rows from ${payload.data.ip} are highlighted.`);
  }

  return (
    <form className="demo-toolbar" onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId}>Compare an IP</label>
      <input
        id={inputId}
        className="demo-select"
        value={ip}
        placeholder="203.0.113.10"
        onChange={(event) => setIp(event.target.value)}
      />
      <button type="submit" className="demo-button">
        Compare
      </button>
      <span role="status" className="demo-muted">
        {message}
      </span>
    </form>
  );
}
