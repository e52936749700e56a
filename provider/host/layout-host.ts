/**
 * The provider of a UserPasswordResets' layout resource: runs inside the
 * dynamic-provider host, like `batch-host.ts`. It makes no call; it records
 * how many batches the component has, and its diff tells the run the count of
 * the previous run (see `pool-run.ts`) before any batch applies, since every
 * batch depends on it. That is how a batch created by a change of `batches`
 * knows not to reset the users it receives.
 */
import { sameValue } from "../core/diff";
import type { HostDeps } from "./cognito-client";
import { pick } from "../core/inputs";
import { ruleFailures } from "../core/validation";

/** The inputs of a pool's layout resource: how its users are spread over batches. */
export interface LayoutInputs {
    userPoolId: string;
    batchCount: number;
}

/**
 * The provider of a UserPasswordResets' layout: a resource without calls that
 * records the number of batches. Every batch depends on it, so its diff, which
 * tells the run the count of the previous run, comes before any batch applies.
 */
export function createLayoutHost({ run }: Pick<HostDeps, "run">) {
    return {
        async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
            const failures = ruleFailures("batchCount", news.batchCount, news);
            return { inputs: pick(news, ["userPoolId", "batchCount"]), failures };
        },
        async diff(_id: string, olds: LayoutInputs, news: LayoutInputs) {
            if (typeof news.userPoolId === "string") run.pool(news.userPoolId).previousBatchCount = olds.batchCount;
            const replaces = sameValue(olds.userPoolId, news.userPoolId) ? [] : ["userPoolId"];
            return { changes: replaces.length > 0 || olds.batchCount !== news.batchCount, replaces };
        },
        async create(raw: Record<string, unknown>) {
            const outs = pick(raw, ["userPoolId", "batchCount"]) as unknown as LayoutInputs;
            return { id: `${outs.userPoolId}/layout`, outs };
        },
        async update(_id: string, _olds: LayoutInputs, raw: Record<string, unknown>) {
            return { outs: pick(raw, ["userPoolId", "batchCount"]) as unknown as LayoutInputs };
        },
        async read(id: string, props: LayoutInputs) {
            return { id, props };
        },
        async delete(): Promise<void> {},
    };
}
