import '@testing-library/jest-dom/vitest';
import { setProjectAnnotations } from '@storybook/react';
import preview from './.storybook/preview.js';

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= () => {};
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};

setProjectAnnotations([preview]);
