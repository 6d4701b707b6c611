import { version } from 'react';
import { version as reactDomVersion } from 'react-dom';
import { describe, expect, it } from 'vitest';

describe('the React 18 run', () => {
  it('renders with React 18.3', () => {
    console.info(`keys-react tests on React ${version} (react-dom ${reactDomVersion})`);
    expect(version).toMatch(/^18\.3\./);
    expect(reactDomVersion).toBe(version);
  });
});
