import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom lacks what Ant Design measures with: matchMedia (Grid breakpoints) and ResizeObserver.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener() {},
      removeListener() {},
      addEventListener() {},
      removeEventListener() {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// Ant Design's Select opens and closes its popup in a macrotask (a MessageChannel message, sometimes two hops in a row).
// One still pending when a test file ends reached React after jsdom had gone ("window is not defined", an unhandled
// error that fails the run though every test passed): after each test, those run while the window still exists.
const messageHop = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
afterEach(async () => {
  // Unmounted first (a test file's own cleanup may run after this hook), so that nothing schedules another one.
  cleanup();
  for (let i = 0; i < 3; i++) await messageHop();
  await new Promise((resolve) => setTimeout(resolve, 0));
});
