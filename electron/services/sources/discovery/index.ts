/** Build-directory discovery: root, conf, multiconfigs and every source with a status. */
export { discoverBuild, findBuildRoot, localSstateMirrors } from './discover-build';
export type { DiscoverOptions } from './discover-build';
export { classifyFile } from './classify-path';
export {
  probeDepsigs,
  probeHashservDb,
  probePersistData,
  probePlainFile,
  probeSstateDir,
  probeStampsDir,
  probeUnihashCache,
} from './probe-source';
