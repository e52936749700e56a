/**
 * The provider plugin's resources, for programs in every Pulumi language:
 * `cognito-password-reset:index:UserPasswordReset` and
 * `cognito-password-reset:index:UserPasswordResets`. Runs in the plugin's own
 * process (`main.ts`), which the engine starts like any provider plugin.
 *
 * Each method unwraps the engine's secret envelopes and hands the request to
 * the same hosts as the dynamic resource (`host/reset-host.ts`,
 * `host/batch-host.ts`): the same validation, diff, calls, errors and
 * codes. What the dynamic resource's program side computes from the clock
 * (the current rotation period of each user) is computed here, in `check`,
 * so that a program in any language gets it. A whole pool is one resource
 * (one batch of the batch host), and its `summary` is computed here too.
 */
import type * as provider from "@pulumi/pulumi/provider";
import { systemClock } from "../core/clock";
import { currentPeriodLabel } from "../core/rotation";
import { summarize } from "../core/summary";
import { BatchOutputs } from "../core/types";
import { UNKNOWN } from "../core/validation";
import { createBatchHost } from "../host/batch-host";
import { Configuration, withConfiguration } from "./configuration";
import { awsCognito, HostDeps } from "../host/cognito-client";
import { Run } from "../host/pool-run";
import { createResetHost } from "../host/reset-host";
import { unwrapSecrets, wrapSecrets } from "./envelope";
import { packageSchema, PLUGIN_POOL_TYPE, PLUGIN_RESET_TYPE } from "./package-schema";

type Props = Record<string, unknown>;

/** The properties kept secret in the state and in every output. */
const SECRET_OUTPUTS = ["clientMetadata"];

/** The type token of a URN (`urn:pulumi:stack::project::[parent$]type::name`). */
function typeOf(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? "";
}

function plain(v: unknown): Props {
    return (unwrapSecrets(v ?? {}) ?? {}) as Props;
}

function secret(props: Props | undefined): Props {
    return wrapSecrets(props ?? {}, SECRET_OUTPUTS);
}

/** The current period label of a valid policy for one user, or undefined; UNKNOWN while the pool id is. */
function periodOf(rotation: unknown, userPoolId: unknown, username: unknown, now: Date): string | undefined {
    if (rotation === undefined || rotation === null || rotation === UNKNOWN) return undefined;
    const known = userPoolId !== UNKNOWN && username !== UNKNOWN;
    // undefined for an invalid policy (check names the setting); unknown while the pool or user is.
    const label = currentPeriodLabel(rotation, now, { userPoolId: String(userPoolId), username: String(username) });
    return label === undefined || known ? label : UNKNOWN;
}

/** A single reset's inputs with the period computed from the clock (any value given for it is replaced). */
function withPeriod(news: Props, now: Date): Props {
    const { rotationPeriod: _given, ...rest } = news;
    const period = periodOf(rest.rotation, rest.userPoolId, rest.username, now);
    return period === undefined ? rest : { ...rest, rotationPeriod: period };
}

/**
 * A pool's inputs as one batch of the batch host (which works out each
 * user's period from the clock, and resolves a selection in its check).
 */
function asBatch(news: Props): Props {
    const {
        batchCount: _count,
        batchIndex: _index,
        declaredBatches: _declared,
        excluded: _excluded,
        selected: _selected,
        estimatedUsers: _estimated,
        ...rest
    } = news;
    return rest.select !== undefined
        ? { ...rest, batchCount: 1, batchIndex: 0 }
        : { ...rest, batchCount: 1, batchIndex: 0, declaredBatches: 1 };
}

/** A pool's outputs with its run report. */
function withSummary(outs: Props): Props {
    return { ...outs, summary: summarize([outs as unknown as BatchOutputs]) };
}

/** The plugin's provider, bound to Cognito, a clock and the run it serves (tests inject all three). */
export function createPluginProvider(
    version: string,
    deps: HostDeps,
    repositoryUrl?: string,
    configuration: Pick<Configuration, "current"> = { current: {} },
): provider.Provider {
    const reset = createResetHost(deps);
    const pool = createBatchHost(deps);
    const unknownType = (urn: string) => new Error(`unknown resource type ${typeOf(urn)} (${urn})`);
    /** Runs a pool method; a partial failure keeps its recorded state, with the summary and secrets kept. */
    const poolCall = async <T>(fn: () => Promise<T>): Promise<T> => {
        try {
            return await fn();
        } catch (err) {
            const e = err as { properties?: Props };
            if (e && typeof e === "object" && e.properties) e.properties = secret(withSummary(e.properties));
            throw err;
        }
    };

    return {
        version,
        getSchema: async () => JSON.stringify(packageSchema(version, repositoryUrl)),

        async check(urn, olds, news) {
            const now = deps.now();
            switch (typeOf(urn)) {
                case PLUGIN_RESET_TYPE: {
                    const given = withConfiguration(plain(news), configuration.current);
                    const r = await reset.check(plain(olds), withPeriod(given, now));
                    return { inputs: secret(r.inputs as Props), failures: r.failures ?? [] };
                }
                case PLUGIN_POOL_TYPE: {
                    const given = withConfiguration(plain(news), configuration.current);
                    const r = await pool.check(plain(olds), asBatch(given));
                    return { inputs: secret(r.inputs as Props), failures: r.failures ?? [] };
                }
            }
            throw unknownType(urn);
        },

        async diff(id, urn, olds, news) {
            switch (typeOf(urn)) {
                case PLUGIN_RESET_TYPE:
                    return reset.diff(id, plain(olds) as never, plain(news) as never);
                case PLUGIN_POOL_TYPE:
                    return pool.diff(id, plain(olds) as never, plain(news) as never);
            }
            throw unknownType(urn);
        },

        async create(urn, inputs) {
            switch (typeOf(urn)) {
                case PLUGIN_RESET_TYPE: {
                    const r = await reset.create(plain(inputs));
                    return { id: r.id, outs: secret(r.outs as unknown as Props) };
                }
                case PLUGIN_POOL_TYPE: {
                    const r = await poolCall(() => pool.create(plain(inputs)));
                    return { id: r.id, outs: secret(withSummary(r.outs as unknown as Props)) };
                }
            }
            throw unknownType(urn);
        },

        async update(id, urn, olds, news) {
            switch (typeOf(urn)) {
                case PLUGIN_RESET_TYPE: {
                    const r = await reset.update(id, plain(olds) as never, plain(news));
                    return { outs: secret(r.outs as unknown as Props) };
                }
                case PLUGIN_POOL_TYPE: {
                    const r = await poolCall(() => pool.update(id, plain(olds) as never, plain(news)));
                    return { outs: secret(withSummary(r.outs as unknown as Props)) };
                }
            }
            throw unknownType(urn);
        },

        async read(id, urn, props) {
            switch (typeOf(urn)) {
                case PLUGIN_RESET_TYPE: {
                    const r = await reset.read(id, plain(props) as never);
                    // An empty id: the user no longer exists, and the resource leaves the state.
                    return r.id ? { id: r.id, props: secret(r.props as unknown as Props) } : { id: "", props: {} };
                }
                case PLUGIN_POOL_TYPE: {
                    const r = await pool.read(id, plain(props) as never);
                    return { id: r.id, props: secret(r.props as unknown as Props) };
                }
            }
            throw unknownType(urn);
        },

        async delete() {
            // A reset cannot be undone: deleting a resource only forgets it, for both types.
        },
    };
}

/** The provider the plugin serves: the real Cognito and the wall clock (PULUMI_COGNITO_PASSWORD_RESET_NOW). */
export function pluginProvider(
    version: string,
    repositoryUrl?: string,
    configuration?: Pick<Configuration, "current">,
): provider.Provider {
    // The plugin process serves one run (one `pulumi up`, preview, refresh or destroy).
    const deps = { cognito: awsCognito, now: systemClock, run: new Run() };
    return createPluginProvider(version, deps, repositoryUrl, configuration);
}
