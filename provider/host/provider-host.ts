/**
 * The composition root of the dynamic-provider process: each host bound to
 * the real Cognito, the wall clock and the one run that the process serves
 * (`pool-run.ts`), which all three share. The serialized provider that Pulumi
 * stores with every resource loads this module by package name
 * (`pulumi-cognito-password-reset/provider-host`, see
 * `program/serialized-provider.ts`), so the state stays small and a package
 * upgrade changes no resource. Its three exports are that contract: states
 * written by every release name them.
 */
import { systemClock } from "../core/clock";
import { createBatchHost } from "./batch-host";
import { awsCognito } from "./cognito-client";
import { createLayoutHost } from "./layout-host";
import { createResetHost } from "./reset-host";
import { Run } from "./pool-run";

/** This process's run: one `pulumi up`, preview, refresh or destroy. */
const deps = { cognito: awsCognito, now: systemClock, run: new Run() };

/** The provider of UserPasswordReset (see `reset-host.ts`). */
export const provider = createResetHost(deps);

/** The provider of UserPasswordResets' batches (see `batch-host.ts`). */
export const batchProvider = createBatchHost(deps);

/** The provider of UserPasswordResets' layout resource (see `layout-host.ts`). */
export const layoutProvider = createLayoutHost(deps);
