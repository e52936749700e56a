/**
 * Unit tier: the policy pack's rule `cognito-password-reset-rotation`, run
 * through its own `validateResource` with the arguments CrossGuard gives it.
 * (The engine tier runs the shipped pack in a real `pulumi preview`:
 * tests/engine/rotation.test.ts.)
 */
import assert from "node:assert/strict";
import type { ResourceValidationArgs } from "@pulumi/policy";
import * as policyProxy from "@pulumi/policy/proxy";
import {
    componentOfBatch,
    isUserPasswordReset,
    isUserPasswordResetBatch,
    maxPeriodDays,
    rotationRequiredPolicy,
    rotationViolation,
    RotationPolicyConfig,
} from "../../../provider/policy";
import { BATCH_RESOURCE_TYPE, PLUGIN_POOL_TYPE, PLUGIN_RESET_TYPE, RESOURCE_TYPE } from "../../../provider/core/types";

const POOL = "eu-west-1_AbC123";
const DEFAULTS: RotationPolicyConfig = { maxRotationDays: 90, requireRotation: true };

/**
 * CrossGuard's own wrapper of a resource's inputs: reading a value that is not
 * known during a preview throws. Not in @pulumi/policy's type declarations.
 */
const { unknownCheckingProxy, unknownStringValue } = policyProxy as unknown as {
    unknownCheckingProxy<T extends object>(props: T): T;
    unknownStringValue: string;
};

/** A resource as CrossGuard shows it to a rule, before it wraps the properties. */
interface Seen {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

/** Runs the rule on one resource as CrossGuard would; returns the violations it reports. */
function check(resource: Seen, config: RotationPolicyConfig = DEFAULTS): string[] {
    const violations: string[] = [];
    const args = {
        ...resource,
        props: unknownCheckingProxy(resource.props),
        urn: `urn:pulumi:s::p::${resource.type}::${resource.name}`,
        getConfig: () => config,
    } as unknown as ResourceValidationArgs;
    const validate = rotationRequiredPolicy.validateResource;
    assert.equal(typeof validate, "function");
    void (validate as (a: ResourceValidationArgs, report: (m: string) => void) => void)(args, (m) =>
        violations.push(m),
    );
    return violations;
}

const reset = (rotation?: object, props: Record<string, unknown> = {}): Seen => ({
    type: RESOURCE_TYPE,
    name: "alice-reset",
    props: { userPoolId: POOL, username: "alice", ...(rotation ? { rotation } : {}), ...props },
});
const batch = (rotation?: object, name = "staff-batch-03", props: Record<string, unknown> = {}): Seen => ({
    type: BATCH_RESOURCE_TYPE,
    name,
    props: { userPoolId: POOL, usernames: ["bob", "carol"], ...(rotation ? { rotation } : {}), ...props },
});

describe("policy: which resources the rule checks", () => {
    it("GIVEN type tokens WHEN matched THEN UserPasswordReset and UserPasswordResets' batches count, with their properties", () => {
        assert.equal(RESOURCE_TYPE, "pulumi-nodejs:dynamic/cognito:UserPasswordReset");
        assert.equal(BATCH_RESOURCE_TYPE, "pulumi-nodejs:dynamic/cognito:UserPasswordResetBatch");
        const props = { userPoolId: POOL, username: "a" };
        assert.ok(isUserPasswordReset({ type: RESOURCE_TYPE, props }));
        assert.ok(!isUserPasswordReset({ type: "pulumi-nodejs:dynamic:Resource", props }));
        assert.ok(!isUserPasswordReset({ type: "aws:cognito/user:User", props }));
        assert.ok(!isUserPasswordReset({ type: BATCH_RESOURCE_TYPE, props }));
        const batchProps = { userPoolId: POOL, usernames: ["a"] };
        assert.ok(isUserPasswordResetBatch({ type: BATCH_RESOURCE_TYPE, props: batchProps }));
        assert.ok(!isUserPasswordResetBatch({ type: BATCH_RESOURCE_TYPE, props: { userPoolId: POOL } }));
        assert.ok(!isUserPasswordResetBatch({ type: RESOURCE_TYPE, props: batchProps }));
    });

    it("GIVEN a batch of a pool that selects its users by rule WHEN checked without rotation THEN it is a violation, naming the selection", () => {
        const selected: Seen = {
            type: BATCH_RESOURCE_TYPE,
            name: "admins-batch-00",
            props: { userPoolId: POOL, select: { group: "admins" }, batchIndex: 0 },
        };
        assert.ok(isUserPasswordResetBatch(selected));
        const violations = check(selected);
        assert.equal(violations.length, 1);
        assert.match(
            violations[0],
            /^UserPasswordResets 'admins' in pool 'eu-west-1_AbC123' \(batch 'admins-batch-00', users selected by \{"group":"admins"\}; .*declares no rotation/,
        );
        assert.deepEqual(check({ ...selected, props: { ...selected.props, rotation: { every: "30d" } } }), []);
    });

    it("GIVEN batch names WHEN the component is derived THEN the -batch-NN suffix is dropped, and only it", () => {
        assert.equal(componentOfBatch("staff-batch-03"), "staff");
        assert.equal(componentOfBatch("night-batch-shift-batch-0"), "night-batch-shift");
        assert.equal(componentOfBatch("pool-batch-117"), "pool");
        assert.equal(componentOfBatch("custom"), "custom");
    });

    it("GIVEN the rule WHEN its description is read THEN it names both resource types it checks, and that batches are checked one by one", () => {
        assert.equal(rotationRequiredPolicy.name, "cognito-password-reset-rotation");
        assert.ok(rotationRequiredPolicy.description.includes(RESOURCE_TYPE));
        assert.ok(rotationRequiredPolicy.description.includes(BATCH_RESOURCE_TYPE));
        assert.match(rotationRequiredPolicy.description, /UserPasswordResets .*once per batch/);
    });
});

describe("policy: the provider plugin's resources", () => {
    it("GIVEN the plugin's UserPasswordReset without rotation WHEN checked THEN it is a violation, named as the npm package's is", () => {
        const violations = check({ ...reset(), type: PLUGIN_RESET_TYPE });
        assert.equal(violations.length, 1);
        assert.match(
            violations[0],
            /^UserPasswordReset 'alice-reset' of user 'alice' in pool '.*' declares no rotation/,
        );
    });

    it("GIVEN the plugin's UserPasswordResets rotating every 4mo WHEN checked THEN it is one violation naming the pool resource", () => {
        const pool: Seen = {
            type: PLUGIN_POOL_TYPE,
            name: "staff",
            props: { userPoolId: POOL, usernames: ["bob", "carol"], rotation: { every: "4mo" } },
        };
        const violations = check(pool);
        assert.equal(violations.length, 1);
        assert.match(violations[0], /^UserPasswordResets 'staff' in pool '.*' \(2 users\) rotates every 4mo/);
    });

    it("GIVEN the plugin's resources rotating every 30d WHEN checked THEN they pass", () => {
        assert.deepEqual(check({ ...reset({ every: "30d" }), type: PLUGIN_RESET_TYPE }), []);
        assert.deepEqual(
            check({
                type: PLUGIN_POOL_TYPE,
                name: "s",
                props: { userPoolId: POOL, usernames: ["a"], rotation: { every: "30d" } },
            }),
            [],
        );
    });

    it("GIVEN the rule's description WHEN read THEN it names the plugin's type tokens too", () => {
        assert.ok(rotationRequiredPolicy.description.includes(PLUGIN_RESET_TYPE));
        assert.ok(rotationRequiredPolicy.description.includes(PLUGIN_POOL_TYPE));
    });
});

describe("policy: the rotation rule", () => {
    // | resource                | rotation     | config                 | violation                                  |
    // |-------------------------|--------------|------------------------|--------------------------------------------|
    // | UserPasswordReset       | none         | default (90 days)      | declares no rotation, names user and pool  |
    // | UserPasswordReset       | 90d          | default                | none                                       |
    // | UserPasswordReset       | 13w          | default                | up to 91 days                              |
    // | UserPasswordReset       | 3mo          | default                | up to 93 days (months count as 31)         |
    // | UserPasswordReset       | none         | requireRotation: false | none                                       |
    // | batch of "staff"        | none         | default                | declares no rotation, names component, pool, batch |
    // | batch of "staff"        | 12w, stagger | default                | none                                       |
    // | batch of "staff"        | 12h          | default                | none                                       |
    // | batch of "staff"        | 4mo          | default                | up to 124 days                             |
    // | batch of "staff"        | 90d          | 60 days                | up to 90 days, longer than the 60 allowed  |
    // | batch of "staff"        | none         | requireRotation: false | none                                       |
    // | another resource type   | none         | default                | none (not checked)                         |
    const NONE = undefined;
    const table: {
        title: string;
        resource: Seen;
        config?: Partial<RotationPolicyConfig>;
        expected?: RegExp;
    }[] = [
        {
            title: "a UserPasswordReset without rotation",
            resource: reset(NONE),
            expected:
                /^UserPasswordReset 'alice-reset' of user 'alice' in pool 'eu-west-1_AbC123' declares no rotation; add rotation: \{ every: "90d" \} \(at most 90 days\)$/,
        },
        { title: "a UserPasswordReset rotating every 90d", resource: reset({ every: "90d" }) },
        {
            title: "a UserPasswordReset rotating every 13w",
            resource: reset({ every: "13w" }),
            expected:
                /^UserPasswordReset 'alice-reset' of user 'alice' in pool 'eu-west-1_AbC123' rotates every 13w \(up to 91 days\), longer than the 90 days allowed$/,
        },
        {
            title: "a UserPasswordReset rotating every 3mo",
            resource: reset({ every: "3mo" }),
            expected: /rotates every 3mo \(up to 93 days\)/,
        },
        {
            title: "a UserPasswordReset without rotation, none required",
            resource: reset(NONE),
            config: { requireRotation: false },
        },
        {
            title: "a UserPasswordResets batch without rotation",
            resource: batch(NONE),
            expected:
                /^UserPasswordResets 'staff' in pool 'eu-west-1_AbC123' \(batch 'staff-batch-03', 2 users; reported once per batch\) declares no rotation; add rotation: \{ every: "90d" \} \(at most 90 days\)$/,
        },
        {
            title: "a UserPasswordResets batch rotating every 12w, staggered",
            resource: batch({ every: "12w", stagger: true }),
        },
        { title: "a UserPasswordResets batch rotating every 12h", resource: batch({ every: "12h" }) },
        {
            title: "a UserPasswordResets batch rotating every 4mo",
            resource: batch({ every: "4mo" }),
            expected:
                /^UserPasswordResets 'staff' in pool 'eu-west-1_AbC123' \(batch 'staff-batch-03', 2 users; reported once per batch\) rotates every 4mo \(up to 124 days\), longer than the 90 days allowed$/,
        },
        {
            title: "a UserPasswordResets batch rotating every 90d, with at most 60 days allowed",
            resource: batch({ every: "90d" }),
            config: { maxRotationDays: 60 },
            expected: /rotates every 90d \(up to 90 days\), longer than the 60 days allowed$/,
        },
        {
            title: "a UserPasswordResets batch without rotation, none required",
            resource: batch(NONE),
            config: { requireRotation: false },
        },
        {
            title: "another dynamic resource without rotation",
            resource: { ...reset(NONE), type: "pulumi-nodejs:dynamic:Resource" },
        },
        {
            title: "a Cognito user of the AWS provider",
            resource: { ...batch(NONE), type: "aws:cognito/user:User" },
        },
    ];
    for (const c of table) {
        it(`GIVEN ${c.title} WHEN checked THEN ${c.expected ? `it is a violation: ${c.expected.source}` : "it passes"}`, () => {
            const violations = check(c.resource, { ...DEFAULTS, ...c.config });
            if (c.expected) {
                assert.equal(violations.length, 1, violations.join("\n"));
                assert.match(violations[0], c.expected);
            } else {
                assert.deepEqual(violations, []);
            }
        });
    }

    it("GIVEN a UserPasswordResets of 3 batches without rotation WHEN each batch is checked THEN each reports once, all naming the component and the pool", () => {
        const violations = ["staff-batch-00", "staff-batch-07", "staff-batch-15"].flatMap((name) =>
            check(batch(NONE, name)),
        );
        assert.equal(violations.length, 3);
        for (const [i, name] of ["staff-batch-00", "staff-batch-07", "staff-batch-15"].entries()) {
            assert.match(
                violations[i],
                new RegExp(`^UserPasswordResets 'staff' in pool '${POOL}' \\(batch '${name}', 2 users; `),
            );
        }
    });

    it("GIVEN a pool id not known during the preview (a pool of the same program) WHEN checked THEN the violation is still reported, the pool shown as not known yet", () => {
        assert.deepEqual(check(reset(NONE, { userPoolId: unknownStringValue })), [
            `UserPasswordReset 'alice-reset' of user 'alice' in pool (not known yet) declares no rotation; add rotation: { every: "90d" } (at most 90 days)`,
        ]);
        assert.match(
            check(batch({ every: "1mo" }, "staff-batch-1", { userPoolId: unknownStringValue }), {
                ...DEFAULTS,
                maxRotationDays: 30,
            })[0] ?? "",
            /^UserPasswordResets 'staff' in pool \(not known yet\) \(batch 'staff-batch-1', 2 users; reported once per batch\) rotates every 1mo \(up to 31 days\)/,
        );
    });

    it("GIVEN the rule's helpers WHEN called directly THEN periods are measured at their longest and a bare UserPasswordReset is described from its properties", () => {
        assert.equal(maxPeriodDays("3mo"), 93);
        assert.equal(maxPeriodDays("12w"), 84);
        assert.equal(maxPeriodDays("12h"), 0.5);
        assert.equal(maxPeriodDays("fortnight"), undefined);
        assert.equal(rotationViolation({ rotation: { every: "90d" } }, DEFAULTS), undefined);
        assert.match(rotationViolation({ rotation: { every: "13w" } }, DEFAULTS) ?? "", /up to 91 days/);
        assert.match(
            rotationViolation({ username: "a", userPoolId: "p" }, DEFAULTS) ?? "",
            /^UserPasswordReset of user 'a' in pool 'p' declares no rotation/,
        );
        assert.equal(rotationViolation({}, { ...DEFAULTS, requireRotation: false }), undefined);
    });
});
