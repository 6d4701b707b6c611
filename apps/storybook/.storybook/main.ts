import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions } from 'vite';

const config: StorybookConfig = {
  stories: ['../stories/*.stories.tsx'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    // Resolve workspace packages to their src/ (the `@babysea/source` export condition), so
    // Storybook runs on source with no build of keys-react or keys-core first.
    viteConfig.resolve ??= {};
    viteConfig.resolve.conditions = ['@babysea/source', ...defaultClientConditions];
    return viteConfig;
  },
};

export default config;
