import { randomBytes } from 'node:crypto';

/** Parent ids are short so child ids stay within Bybit's 36-character orderLinkId limit. */
export function newParentId(): string {
  return `p${randomBytes(6).toString('hex')}`;
}

/**
 * Child ids are a pure function of (parent, slice, n), n counting the children one slice sends
 * (more than one when risk clamps a child and the rest of the slice follows): after a crash or an
 * ambiguous send, the same child always gets the same orderLinkId, so the venue itself refuses a
 * duplicate (Bybit retCode 110072). A retry of a send reuses the id; it never takes a new n.
 */
export function childId(parentId: string, sliceIndex: number, attempt: number): string {
  const id = `${parentId}-${sliceIndex}-${attempt}`;
  if (id.length > 36 || !/^[0-9A-Za-z_-]+$/.test(id))
    throw new Error(`child id ${id} breaks Bybit's orderLinkId rules`);
  return id;
}

/** The parent id a child id was derived from (parent ids contain no '-'). */
export function parentIdOf(childOrderId: string): string {
  const dash = childOrderId.indexOf('-');
  return dash < 0 ? childOrderId : childOrderId.slice(0, dash);
}
