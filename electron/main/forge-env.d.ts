// Globals defined by Electron Forge's Vite plugin at build time (see forge.config.ts).
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;
