/** The renderer's state: one store from a factory, slices per feature, named selectors. */
export { createAppStore, type AppStore, type AppStoreOptions } from './create-app-store';
export { bindEvents } from './bind-events';
export * from './selectors';
export { StoreProvider, useAppStore, useAppStoreApi } from './store-context';
export type * from './types';
