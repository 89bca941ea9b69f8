import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StoreProvider } from '../state';
import { App } from './app';
import { createRendererContext, type RendererContext } from './context';

export { createRendererContext, type RendererContext } from './context';

/** What start-up built, for tests and debugging. */
export interface Started extends RendererContext {
  stop(): void;
}

/** Starts the renderer: its context (transport, store, events), then the React tree in `container`. */
export function startApp(win: Window, container: HTMLElement): Started {
  const ctx = createRendererContext(win);
  const root = createRoot(container);
  root.render(
    <StrictMode>
      <StoreProvider store={ctx.store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
  return {
    ...ctx,
    stop() {
      ctx.unbind();
      root.unmount();
    },
  };
}
