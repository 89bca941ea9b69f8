/** The outhash engine: OEOuthashBasic over directories and sstate archives, verify, sigtext diff. */
export {
  computeOuthash,
  computeOuthashFromArchive,
  computeOuthashFromDirectory,
  type ComputeOptions,
  type OuthashParams,
  type OuthashResult,
} from './compute';
export { DEFAULT_ROOT, type RootAttributes } from './archive-source';
export {
  findDepsigsForArchive,
  inputsFromSigFile,
  inputsFromSigtext,
  normaliseTask,
  parseSstateArchiveName,
  readDepsigText,
  type OfferedInputs,
  type SstateArchiveName,
} from './build-inputs';
export {
  DEFAULT_HASH_VERSION,
  defaultUnderPseudo,
  resolveOuthashInputs,
  type OuthashInputOverrides,
  type ResolvedOuthashInputs,
  type ResolveOuthashInputsOptions,
} from './resolve-inputs';
export { verifyOuthash, type VerifyOuthashInput, type VerifyOuthashResult } from './verify';
export { recordedOuthashes, type RecordedOuthash } from './recorded-outhash';
