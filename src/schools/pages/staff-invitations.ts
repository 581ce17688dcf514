/** Inviting a colleague lives with the staff (the API and these pages share it). */
export { StaffInvitations } from '../../staff/staff-invitations';
