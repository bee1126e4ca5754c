// The scan pipeline, shared by the queue worker and the CLI's in-process mode: acquire a
// target's files, detect its OS, pick the feed, run oscap, parse, and build the report.
export { AcquiredTarget, type ReadThrough, type TargetRef } from './acquire/acquired-target.js';
export { evaluationKeyOf } from './acquire/evaluation-key.js';
export { changesPackageState } from './acquire/package-db-paths.js';
export { ScratchRoot } from './acquire/scratch-root.js';
export { LayerAccess, TARGET_READER_MODES, type TargetReaderMode } from './acquire/layer-access.js';
export { LayerFileReader } from './acquire/layer-file-reader.js';
export { TargetFileReader } from './acquire/target-file-reader.js';
export type { ReadLimits, TargetFiles, TreeEntry } from './acquire/target-files.js';
export { TargetResolver, type Resolution } from './acquire/target-resolver.js';
export { detectOs } from './detect/os-detector.js';
export { parseOsRelease } from './detect/os-release-parser.js';
export {
  DockerClient,
  type ContainerChange,
  type ContainerInfo,
  type ImageInfo,
} from './docker/docker-client.js';
export { DockerInventory } from './docker/docker-inventory.js';
export {
  CPU_PINNING_MODES,
  CpuPinning,
  type CpuPinningMode,
  type PinnedCommand,
} from './evaluate/cpu-pinning.js';
export {
  OscapRunner,
  findSilentProbeFailure,
  type OscapRunnerOptions,
} from './evaluate/oscap-runner.js';
export { runProgram, type ProgramResult, type RunOptions } from './evaluate/run-program.js';
export {
  TargetEvaluator,
  isRetryable,
  type EvaluationOutput,
  type TargetEvaluatorDeps,
} from './evaluate/target-evaluator.js';
export { FeedDirectory } from './feeds/feed-directory.js';
export type { LoadedFeed } from './feeds/loaded-feed.js';
export { parseDpkgStatus } from './inventory/dpkg-status-parser.js';
export { listRpmPackages } from './inventory/rpm-inventory.js';
export { reportTargetOf } from './report/report-target.js';
export { ReportStoreClient, type ReportStoreClientOptions } from './report/report-store-client.js';
export { SCANNER_VERSION } from './version.js';
