import { posix } from 'node:path';
import type { OvalDefinitionsDocument } from '@image-scanner/oval-model';

const PACKAGE_OBJECTS = new Set(['rpminfo_object', 'dpkginfo_object']);
const FILE_OBJECTS = new Set(['textfilecontent54_object', 'textfilecontent_object', 'file_object']);

/** Most extra files a feed may make a scan copy, so a feed cannot turn a scan into a crawl. */
const MAX_FEED_FILES = 64;

/** Package names asked for by equality, including Ubuntu's variable lists of binaries. */
export function feedPackageNames(document: OvalDefinitionsDocument): Set<string> {
  const names = new Set<string>();
  for (const object of document.objects.values()) {
    if (!PACKAGE_OBJECTS.has(object.kind) || object.nameOperation !== undefined) continue;
    if (object.nameVarRef !== undefined) {
      for (const value of document.variables.get(object.nameVarRef)?.values ?? []) names.add(value);
    } else if (object.name !== undefined) {
      names.add(object.name);
    }
  }
  return names;
}

/** Literal paths of the files the feed's file tests read (`/etc/debian_version`, ...). */
export function feedFilePaths(document: OvalDefinitionsDocument): string[] {
  const paths = new Set<string>();
  for (const object of document.objects.values()) {
    if (!FILE_OBJECTS.has(object.kind)) continue;
    const path =
      object.filepath ??
      (object.path && object.filename ? posix.join(object.path, object.filename) : undefined);
    if (path && path.startsWith('/') && !/[*?[\]^$()|\\]/.test(path)) paths.add(path);
    if (paths.size >= MAX_FEED_FILES) break;
  }
  return [...paths];
}
