/** BitBake conf-file assignment parser and evaluator (the few variables discovery needs). */
export { parseConf } from './conf-parser';
export type { ParsedAssignment, ParsedConf } from './conf-parser';
export { evaluateConf, expandValue, OE_DEFAULTS } from './conf-eval';
