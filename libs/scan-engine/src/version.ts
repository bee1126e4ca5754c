/** Reported in every target report; bumped with each release of the workspace. */
export const SCANNER_VERSION = '0.1.0';
