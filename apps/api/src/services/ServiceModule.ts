import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ListServiceActivity } from '../account/ServiceActivity.js';
import type { AppEnv } from '../http/appEnv.js';
import type { SummarizeServiceRevenue } from '../revenue/ServiceRevenue.js';
import type { PlatformCore, ServiceRouteHelpers } from './PlatformCore.js';

/** A running service: what the server mounts, starts and stops for it. */
export type ServiceModule = {
  /** Its HTTP routes (full paths, e.g. `/api/twins/…`), documented in `/openapi.json`. */
  routes?: (helpers: ServiceRouteHelpers) => OpenAPIHono<AppEnv>;
  /** Background work (timers, sweeps): called once the server listens. */
  start?: () => void | Promise<void>;
  /** Stops what `start` began; called at shutdown in the reverse order of `start`. */
  close?: () => void | Promise<void>;
};

/**
 * A Far service on the platform core: its identity, its revenue, and how to build it from the
 * core. Listed once in `platformServices`.
 *
 * @example
 * export const twinService: ServiceDefinition = {
 *   id: 'fartwin',
 *   name: 'FarTwin AI',
 *   summarizeRevenue: summarizeTwinRevenue,
 *   create: (core) => ({ routes: ({ requireCaller }) => twinRoutes({ db: core.db, requireCaller }) }),
 * };
 */
export type ServiceDefinition = {
  /**
   * Stable id, lower case: its `revenue_streams.service`, its FARStaking revenue source
   * (`revenueSourceId(id)` in @far/contracts) and its realtime channel prefix.
   */
  id: string;
  /** As people read it: "Far Inference". */
  name: string;
  /** Sums what the service charged and the stakers' share of it, for the revenue report. */
  summarizeRevenue: SummarizeServiceRevenue;
  /**
   * A user's payments, refunds and earnings in the service, from its own tables (its chain mirror),
   * merged into the account history (`GET /api/transactions`). Absent when the ledger already
   * holds them all (Far Inference, FarTwin AI).
   */
  listActivity?: ListServiceActivity;
  create: (core: PlatformCore) => ServiceModule | Promise<ServiceModule>;
};
