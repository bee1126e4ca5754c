import type { FeedProvenance } from '@image-scanner/contracts';
import type { OvalDefinitionsDocument } from '@image-scanner/oval-model';

/** A feed file picked for an OS, parsed once and kept while the file is unchanged. */
export interface LoadedFeed {
  /** Host path handed to oscap. */
  path: string;
  provenance: FeedProvenance;
  document: OvalDefinitionsDocument;
  /** Package names the feed's rpminfo/dpkginfo objects ask for (literal names only). */
  packageNames: ReadonlySet<string>;
  /** Literal file paths the feed's file tests read, so the scan can copy them too. */
  filePaths: readonly string[];
}
