import '@babysea/keys-react/styles.css';
import './preview.css';
import type { Preview } from '@storybook/react-vite';

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    docs: { story: { inline: false, iframeHeight: 640 } },
  },
};

export default preview;
