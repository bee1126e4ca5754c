import type { FixState, OvalDefinition } from '../model/oval-definition.js';
import type { OvalDefinitionsDocument } from '../model/oval-definitions-document.js';
import {
  criteriaLeaves,
  isNoFixVersion,
  lessThanVersion,
  packageChecks,
} from './package-checks.js';

/** Red Hat v2 resolution states that all mean "affected, and no fixed build exists". */
const RED_HAT_UNFIXED = new Set([
  'affected',
  'will not fix',
  'fix deferred',
  'out of support scope',
  'under investigation',
]);

/**
 * Ubuntu's generator writes the package status into each criterion comment:
 * "is affected and needs fixing", "may need fixing", "(needs-triage)", "defer addressing it",
 * "pending publication", "a decision has been made to ignore this issue".
 */
const UBUNTU_UNFIXED =
  /needs[- ]triage|needs fixing|may need fixing|\bdefer|pending publication|\bpending\b|decision has been made to ignore|\bignored\b/i;
/** "was vulnerable but has been fixed (note: '2.2.27-3ubuntu2.1')", "…and has been fixed". */
const UBUNTU_FIXED = /has been fixed|\breleased\b/i;

/**
 * Decides whether the vendor ships a fix for what `definition` detects. Rules by vendor, from
 * the real feeds; without evidence the answer is `unknown`, never `fixed`.
 *
 * - Red Hat (v1 RHSA files and v2 streams): ids `oval:com.redhat.rhsa|rhba|rhea:def:…` are
 *   errata, so a fixed build exists: fixed. `oval:com.redhat.cve:def:…` lists CVEs with no
 *   erratum for the product yet (its `advisory/affected/resolution/@state` says why: Affected,
 *   Will not fix, Fix deferred, Out of support scope): unfixed, unless every resolution says
 *   "Not affected". `oval:com.redhat.unaffected:def:…`: unaffected.
 * - Ubuntu (`oval:com.ubuntu.…`): the criterion comments carry the status. Any unfixed
 *   package makes the definition unfixed; otherwise "has been fixed" or a real `less than`
 *   version makes it fixed.
 * - Debian and everything else: a `less than` state with a real version is a fix; Debian's
 *   `0:0` ("earlier than 0") means no fix yet: unfixed.
 */
export function decideFixState(
  document: OvalDefinitionsDocument,
  definition: OvalDefinition,
  resolutionStates: readonly string[],
): FixState {
  const id = definition.id;
  if (id.startsWith('oval:com.redhat.')) return redHatFixState(id, resolutionStates);
  if (id.startsWith('oval:com.ubuntu.')) {
    const fromComments = ubuntuFixState(definition);
    if (fromComments !== 'unknown') return fromComments;
  }
  return versionFixState(document, definition);
}

function redHatFixState(id: string, resolutionStates: readonly string[]): FixState {
  if (/^oval:com\.redhat\.(?:rhsa|rhba|rhea):def:/.test(id)) return 'fixed';
  if (id.startsWith('oval:com.redhat.unaffected:def:')) return 'unaffected';
  if (id.startsWith('oval:com.redhat.cve:def:')) {
    const states = resolutionStates.map((state) => state.trim().toLowerCase());
    if (states.length > 0 && states.every((state) => state === 'not affected')) {
      return 'unaffected';
    }
    if (states.length > 0 && !states.some((state) => RED_HAT_UNFIXED.has(state))) return 'unknown';
    return 'unfixed';
  }
  return 'unknown';
}

function ubuntuFixState(definition: OvalDefinition): FixState {
  let fixed = false;
  for (const criterion of criteriaLeaves(definition.criteria)) {
    const comment = criterion.comment ?? '';
    if (UBUNTU_UNFIXED.test(comment)) return 'unfixed';
    if (UBUNTU_FIXED.test(comment)) fixed = true;
  }
  return fixed ? 'fixed' : 'unknown';
}

function versionFixState(document: OvalDefinitionsDocument, definition: OvalDefinition): FixState {
  let noFix = false;
  for (const check of packageChecks(document, definition.criteria)) {
    const version = lessThanVersion(check.states);
    if (version === undefined) continue;
    if (!isNoFixVersion(version)) return 'fixed';
    noFix = true;
  }
  return noFix ? 'unfixed' : 'unknown';
}
