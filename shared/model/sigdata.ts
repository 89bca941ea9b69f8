/**
 * The content of a sigdata / siginfo file, normalized across the modern (zstd JSON) and legacy
 * (pickle) formats. Produced by electron/services/sources/siginfo; consumed by the signature
 * diff, root-cause analysis and the UI. Sets are sorted string arrays.
 */
export interface SigData {
  /** `do_compile`. */
  task: string;
  /** BB_BASEHASH_IGNORE_VARS (legacy key `basewhitelist`), sorted. */
  basehashIgnoreVars: string[];
  /** BB_TASKHASH_IGNORE_TASKS regex (legacy key `taskwhitelist`), or null. */
  taskhashIgnoreTasks: string | null;
  /** Variables/functions the task depends on, sorted. */
  taskdeps: string[];
  basehash: string;
  /** Direct dependencies of each variable, each sorted. */
  gendeps: Record<string, string[]>;
  /** Unexpanded values; null where BitBake stored None. */
  varvals: Record<string, string | null>;
  /** Dependency ids in file order (the order BitBake hashes them); absent for base dumps. */
  runtaskdeps?: string[];
  /** Dependency id -> that dependency's unihash. */
  runtaskhashes?: Record<string, string>;
  /** [name, md5 or null] in file order. */
  fileChecksumValues?: Array<[string, string | null]>;
  taskhash?: string;
  unihash?: string;
  /** `nostamp:<uuid>` or a taint UUID. */
  taint?: string;
}

/** Which on-disk format a sig file had. */
export type SigFormat = 'modern-zstd-json' | 'legacy-pickle';

/** A sig file as read, with the hashes recomputed from its content. */
export interface SigFile {
  path: string;
  format: SigFormat;
  data: SigData;
  /** sha256 recomputed from varvals/taskdeps, per the spec. */
  computedBasehash: string;
  /** Recomputed taskhash, for runtime dumps (those with runtaskdeps). */
  computedTaskhash?: string;
  basehashMatches: boolean;
  /** Undefined for base dumps, which record no taskhash. */
  taskhashMatches?: boolean;
  /**
   * The hash in the file name, when the name is a sigdata/sigbasedata/siginfo name. It is the
   * unihash at write time (basehash for sigbasedata), so it may differ from `data.taskhash`.
   */
  nameHash?: string;
}
