/** depsig.do_<task> finder and lazy reader (spec sstate-and-siginfo.md §7). */
export { depsigsInTemp, MAX_DEPSIG_BYTES, readDepsigText, scanDepsigs } from './depsig-scanner';
export type { ScanDepsigsOptions } from './depsig-scanner';
