import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OvalDefinitionsDocument, OvalResultValue } from '@image-scanner/oval-model';
import { definitionsThatCanBeTrue } from './definition-outcomes.js';
import { referenceClosure } from './feed-closure.js';
import { joinFeedSections, type FeedSections } from './feed-sections.js';
import {
  decideByName,
  EITHER,
  feedTestKinds,
  ONLY_FALSE,
  ONLY_TRUE,
  type PackagePresence,
  type Possible,
} from './test-outcomes.js';

/** Most non-package tests settled by a first small oscap run; real feeds have under 100. */
const MAX_PROBED_TESTS = 500;
const PROBE_NS = 'oval:is.probe:def:';

export interface PruneInputs {
  /** The parsed feed, for its references; the text pruned is `sections`'. */
  document: OvalDefinitionsDocument;
  /** The cut text of the feed oscap would get: the original, or the binary-name copy. */
  sections: FeedSections | undefined;
  presence: PackagePresence;
  workDir: string;
  /** Runs oscap on a small feed and returns its test results (the probe run). */
  evaluateTests: (feedPath: string) => Promise<ReadonlyMap<string, OvalResultValue>>;
}

export interface PrunedFeed {
  path: string;
  /** Literal package names the kept objects ask for, for the probe coverage check. */
  packageNames: Set<string>;
  keptDefinitions: number;
  probedTests: number;
}

/**
 * Writes a copy of the feed holding only the definitions that can still be true for the
 * target, with everything they reference. A definition is dropped only when OVAL's own logic
 * proves it false: its package tests name packages the target cannot have, or the few other
 * tests (release and kernel checks), settled by a first oscap run on just those, make it so.
 * Returns undefined when the feed's text has an unexpected shape: the caller then uses it whole.
 */
// Known limitation: only plain package tests (one literal name) are decided without oscap, other
// tests need an extra oscap run (skipped above 500), and ONE/XOR criteria are never pruned.
export async function pruneFeed(inputs: PruneInputs): Promise<PrunedFeed | undefined> {
  const { document } = inputs;
  const { sections } = inputs;
  if (!sections || !coversModel(sections, document)) return undefined;

  const known = new Map<string, Possible>();
  const { plain, needProbe: undecided } = feedTestKinds(document);
  for (const test of plain) {
    const decided = decideByName(test.packageName, test.existence, inputs.presence);
    if (decided) known.set(test.id, decided);
  }
  let probedTests = 0;
  if (undecided.length > 0 && undecided.length <= MAX_PROBED_TESTS) {
    const probePath = join(inputs.workDir, 'feed-probe.xml');
    await writeFile(probePath, probeFeed(sections, document, undecided));
    const results = await inputs.evaluateTests(probePath);
    for (const id of undecided) known.set(id, toPossible(results.get(id)));
    probedTests = undecided.length;
  }

  const kept = definitionsThatCanBeTrue(document, known);
  // The schema wants at least one definition; the first one stands in when none can be true.
  if (kept.size === 0 && document.definitions[0]) kept.add(document.definitions[0].id);
  const keep = referenceClosure(document, kept);
  const variables = keep.get('variables') as Set<string>;
  for (const id of sections.elements.get('variables')?.keys() ?? []) variables.add(id);

  const path = join(inputs.workDir, 'feed-pruned.xml');
  await writeFile(path, joinFeedSections(sections, keep));
  return {
    path,
    packageNames: keptPackageNames(document, keep.get('objects') as Set<string>),
    keptDefinitions: (keep.get('definitions') as Set<string>).size,
    probedTests,
  };
}

/** Whether each cut text covers its model, checked once per cut (the cached feed's is reused). */
const coverage = new WeakMap<FeedSections, boolean>();

/** Every element the model knows must have been found in the text, or the cut is not trusted. */
function coversModel(sections: FeedSections, document: OvalDefinitionsDocument): boolean {
  let covers = coverage.get(sections);
  if (covers === undefined) {
    covers = checkCoverage(sections, document);
    coverage.set(sections, covers);
  }
  return covers;
}

function checkCoverage(sections: FeedSections, document: OvalDefinitionsDocument): boolean {
  const has = (name: 'definitions' | 'tests' | 'objects' | 'states' | 'variables') =>
    sections.elements.get(name) ?? new Map<string, string>();
  return (
    document.definitions.every((d) => has('definitions').has(d.id)) &&
    has('definitions').size === document.definitions.length &&
    [...document.tests.keys()].every((id) => has('tests').has(id)) &&
    has('tests').size === document.tests.size &&
    [...document.objects.keys()].every((id) => has('objects').has(id)) &&
    has('objects').size === document.objects.size &&
    [...document.states.keys()].every((id) => has('states').has(id)) &&
    has('states').size === document.states.size &&
    [...document.variables.keys()].every((id) => has('variables').has(id))
  );
}

function toPossible(result: OvalResultValue | undefined): Possible {
  if (result === 'true') return ONLY_TRUE;
  if (result === 'false') return ONLY_FALSE;
  return EITHER;
}

/** The probe feed of each cut text: the tests it asks about are the same for every target. */
const probeTexts = new WeakMap<FeedSections, { testIds: readonly string[]; text: Buffer }>();

function probeFeed(
  sections: FeedSections,
  document: OvalDefinitionsDocument,
  testIds: readonly string[],
): Buffer {
  const cached = probeTexts.get(sections);
  if (cached?.testIds === testIds) return cached.text;
  const text = buildProbeFeed(sections, document, testIds);
  probeTexts.set(sections, { testIds, text });
  return text;
}

/** A feed with one definition per given test, to learn those tests' results for the target. */
function buildProbeFeed(
  sections: FeedSections,
  document: OvalDefinitionsDocument,
  testIds: readonly string[],
): Buffer {
  const keep = referenceClosure(document, [], testIds);
  keep.set('definitions', new Set());
  const variables = keep.get('variables') as Set<string>;
  for (const id of sections.elements.get('variables')?.keys() ?? []) variables.add(id);
  const definitions = testIds.map(
    (testId, index) =>
      `<definition class="miscellaneous" id="${PROBE_NS}${index + 1}" version="1">` +
      `<metadata><title>probe</title><description/></metadata>` +
      `<criteria><criterion test_ref="${testId}"/></criteria></definition>`,
  );
  return joinFeedSections(sections, keep, new Map([['definitions', definitions]]));
}

function keptPackageNames(
  document: OvalDefinitionsDocument,
  objectIds: ReadonlySet<string>,
): Set<string> {
  const names = new Set<string>();
  for (const id of objectIds) {
    const object = document.objects.get(id);
    if (!object || (object.kind !== 'rpminfo_object' && object.kind !== 'dpkginfo_object')) {
      continue;
    }
    if (object.nameOperation !== undefined) continue;
    if (object.nameVarRef !== undefined) {
      for (const value of document.variables.get(object.nameVarRef)?.values ?? []) names.add(value);
    } else if (object.name !== undefined) names.add(object.name);
  }
  return names;
}
