/** The roles a staff member can hold in one school. */
export const SCHOOL_ROLES = ['coordinator', 'viewer', 'school_admin'] as const;
export type SchoolRole = (typeof SCHOOL_ROLES)[number];

/**
 * Who is acting, where from. Resolved fresh on every request from the database, so a
 * removed membership takes effect on the next request. Passed explicitly to services.
 */
export interface Actor {
  kind: 'staff';
  staffId: string;
  email: string;
  /** The name staff see in the workspace header. */
  name?: string;
  /** Language the staff member reads the interface in. */
  interfaceLanguage: string;
  isPlatformAdmin: boolean;
  /** Effective role per school id (a board admin is school_admin of each board school). */
  schoolRoles: ReadonlyMap<string, SchoolRole>;
  /** Boards this staff member administers. */
  adminOfBoards: readonly string[];
  /** The names of the schools in schoolRoles, in the order of their names (read with them). */
  schoolNames?: ReadonlyMap<string, string>;
  ip: string | undefined;
  requestId: string | undefined;
}

/** A parent acting through their link, or the system acting on its own (worker). */
export interface ParentActor {
  kind: 'parent';
  parentId: string;
  ip: string | undefined;
  requestId: string | undefined;
}

export interface SystemActor {
  kind: 'system';
  name: string;
}

export type AnyActor = Actor | ParentActor | SystemActor;

export const SYSTEM: SystemActor = { kind: 'system', name: 'worker' };
