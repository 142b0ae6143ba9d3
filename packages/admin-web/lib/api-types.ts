import type { AppRouter } from '@ducat/server';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/** Inputs and outputs of every procedure, straight from the server's router. */
export type ApiInputs = inferRouterInputs<AppRouter>;
export type ApiOutputs = inferRouterOutputs<AppRouter>;

export type StaffMember = ApiOutputs['admin']['me'];
export type StaffRole = StaffMember['role'];
export type Merchant = ApiOutputs['merchant']['get'];
export type MerchantStatus = Merchant['status'];
