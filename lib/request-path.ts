// The one check proxy.ts makes on a path before Next routes it. Pure, so it is unit-tested.

// C0 controls and DEL: no route, page or QR code has them in a path.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

export const INVALID_PATH_MESSAGE = "The address is not valid: its path has a broken %-escape or a control character.";

/**
 * Whether every %-escape in `pathname` decodes (as UTF-8) and none yields a control character.
 * Next answers an undecodable dynamic segment with a bare 500, so the proxy refuses it first.
 * A path without `%` is not decoded at all: the check costs nothing on the usual request.
 */
export function isValidPath(pathname: string): boolean {
  if (!pathname.includes("%")) return true;
  try {
    return !CONTROL_CHARACTER.test(decodeURIComponent(pathname));
  } catch {
    return false;
  }
}
