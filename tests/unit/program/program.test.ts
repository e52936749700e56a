/**
 * Unit tier: what the program side declares (provider/program), with Pulumi's
 * in-process mocks: no engine, no provider, no Cognito. The mocks record each
 * resource as the program registers it (type, name, inputs); what the
 * provider then does with them is the provider tier's and the engine tier's.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { batchName, batchOf, UserPasswordResets } from "../../../provider/program/batch";
import { UserPasswordReset } from "../../../provider/program/resource";
import { passwordResetPolicy } from "../../../provider/program/iam";
import { CLOCK_ENV } from "../../../provider/core/clock";
import { BATCH_RESOURCE_TYPE, RESOURCE_TYPE } from "../../../provider/core/types";

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

let registered: Registered[] = [];

/**
 * Waits until every registration the program started has reached the mocks:
 * the outputs resolved, and then the runtime's queue of pending RPCs drained
 * (the event the SDK itself waits for before it disconnects).
 */
async function settled(...outputs: pulumi.Output<unknown>[]): Promise<void> {
    await Promise.all(outputs.map((o) => new Promise((resolve) => o.apply(resolve))));
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

function byType(type: string): Registered[] {
    return registered.filter((r) => r.type === type);
}

describe("program side: what is declared", () => {
    const clock = process.env[CLOCK_ENV];

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (args) => {
                    registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                    return { id: `${args.name}-id`, state: args.inputs };
                },
                call: (args) => args.inputs,
            },
            "project",
            "stack",
            true,
        );
    });
    beforeEach(() => {
        registered = [];
        process.env[CLOCK_ENV] = "2026-05-01T00:00:00Z";
    });
    after(() => {
        if (clock === undefined) delete process.env[CLOCK_ENV];
        else process.env[CLOCK_ENV] = clock;
    });

    it("GIVEN a UserPasswordReset with a 90-day rotation WHEN declared THEN it registers one reset whose rotationPeriod is the clock's period", async () => {
        const r = new UserPasswordReset("alice", {
            userPoolId: "eu-west-1_AbC123",
            username: "alice",
            rotation: { every: "90d", anchor: "2026-01-01" },
        });
        await settled(r.urn);
        const [reset] = byType(RESOURCE_TYPE);
        assert.equal(reset.name, "alice");
        assert.equal(reset.inputs.username, "alice");
        assert.equal(reset.inputs.rotationPeriod, "2026-04-01T00:00:00Z..2026-06-30T00:00:00Z");
    });

    it("GIVEN 40 users over 5 batches WHEN declared THEN each batch is named with two digits and holds exactly its users by the batch hash", async () => {
        const usernames = Array.from({ length: 40 }, (_, i) => `user-${i}`);
        const c = new UserPasswordResets("staff", { userPoolId: "eu-west-1_AbC123", usernames, batches: 5 });
        await settled(c.urn);
        const batches = byType(BATCH_RESOURCE_TYPE);
        assert.ok(batches.length > 0 && batches.length <= 5);
        const seen: string[] = [];
        for (const b of batches) {
            const i = Number(/-(\d+)$/.exec(b.name)![1]);
            assert.equal(b.name, batchName("staff", i));
            const users = b.inputs.usernames as string[];
            assert.deepEqual(users, [...users].sort(), `${b.name}: sorted`);
            for (const u of users) assert.equal(batchOf(u, 5), i, `${u} in ${b.name}`);
            assert.equal(b.inputs.batchCount, 5);
            seen.push(...users);
        }
        assert.deepEqual(seen.sort(), [...usernames].sort());
        const layouts = registered.filter((r) => r.type.endsWith(":UserPasswordResetsLayout"));
        assert.deepEqual(
            layouts.map((l) => [l.name, l.inputs.batchCount]),
            [["staff-layout", 5]],
        );
    });

    it("GIVEN a staggered rotation WHEN the pool is declared THEN the batch gets the policy and its users, and no per-user period (the provider works them out)", async () => {
        const usernames = ["ann", "bob", "cyd"];
        const rotation = { every: "30d", stagger: true };
        const c = new UserPasswordResets("ops", { userPoolId: "eu-west-1_AbC123", usernames, rotation, batches: 1 });
        await settled(c.urn);
        const [batch] = byType(BATCH_RESOURCE_TYPE);
        assert.deepEqual(batch.inputs.usernames, usernames);
        assert.deepEqual(batch.inputs.rotation, rotation);
        assert.equal(batch.inputs.rotationPeriods, undefined);
    });

    it("GIVEN a UserPasswordResets with select and 4 batches WHEN declared THEN it registers every batch, each with the selection and its index, and no user list", async () => {
        const c = new UserPasswordResets("admins", {
            userPoolId: "eu-west-1_AbC123",
            select: { group: "admins" },
            rotation: { every: "30d", stagger: true },
            batches: 4,
        });
        await settled(c.urn);
        const batches = byType(BATCH_RESOURCE_TYPE);
        assert.deepEqual(
            batches.map((b) => [b.name, b.inputs.batchIndex, b.inputs.batchCount]),
            [0, 1, 2, 3].map((i) => [batchName("admins", i), i, 4]),
        );
        for (const b of batches) {
            assert.deepEqual(b.inputs.select, { group: "admins" });
            assert.equal(b.inputs.usernames, undefined, "the provider resolves the users");
            assert.equal(b.inputs.rotationPeriods, undefined, "the provider computes the periods");
        }
    });

    for (const [label, args, words] of [
        [
            "batches: 0",
            { batches: 0 },
            /UserPasswordResets 'bad': batches must be a whole number from 1 to 1000, got 0/,
        ],
        ["maxResetsPerRun: -1", { maxResetsPerRun: -1 }, /maxResetsPerRun must be a whole number of 0 or more/],
        [
            "ineligibleUsers: 'ignore'",
            { ineligibleUsers: "ignore" },
            /ineligibleUsers must be "skip" or "fail", got 'ignore'/,
        ],
        [
            "initialReset: 'later'",
            { initialReset: "later" },
            /initialReset must be "immediate" or "scheduled", got 'later'/,
        ],
        ["rotation every '90 days'", { rotation: { every: "90 days" } }, /UserPasswordResets 'bad': .*every/],
        [
            "a misspelt maxResetPerRun (from JavaScript or a config file)",
            { maxResetPerRun: 45 },
            /UserPasswordResets 'bad': 'maxResetPerRun' is not an argument of UserPasswordResets \(did you mean 'maxResetsPerRun'\?\)/,
        ],
        ["a misspelt rotaton", { rotaton: { every: "30d" } }, /'rotaton' is not .*\(did you mean 'rotation'\?\)/],
        [
            "an argument far from any",
            { schedule: "nightly" },
            /'schedule' is not an argument of UserPasswordResets; its arguments are: userPoolId, usernames, select, rotationKey/,
        ],
        [
            "both usernames and select",
            { select: { all: true } },
            /give either usernames \(a list\) or select \(a rule\), not both/,
        ],
        ["neither usernames nor select", { usernames: undefined }, /give usernames \(a list of user names\) or select/],
        [
            "a filter on a custom attribute",
            { usernames: undefined, select: { filter: 'custom:team = "ops"' } },
            /select\.filter names 'custom:team', which Cognito cannot search/,
        ],
        [
            "an Output among the usernames",
            { usernames: ["a", pulumi.output("b")] },
            /usernames must be a list of strings .*not Outputs.*an Output/,
        ],
    ] as [string, Record<string, unknown>, RegExp][]) {
        it(`GIVEN ${label} WHEN UserPasswordResets is declared THEN it throws naming the input, and declares no batch`, async () => {
            assert.throws(
                () =>
                    new UserPasswordResets("bad", {
                        userPoolId: "eu-west-1_AbC123",
                        usernames: ["a"],
                        ...(args as object),
                    }),
                words,
            );
            await settled();
            assert.deepEqual(
                registered.filter((r) => r.type !== "cognito-password-reset:index:UserPasswordResets"),
                [],
                "no layout and no batch",
            );
        });
    }
});

describe("program: the IAM policy from an Output", () => {
    it("GIVEN a pool ARN known only as an Output WHEN passwordResetPolicy is called THEN the document names that pool, with the reset allowed", async () => {
        const arn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123";
        const doc = await new Promise<{ Statement: { Action: string[]; Resource: string }[] }>((resolve) =>
            passwordResetPolicy({ userPoolArn: pulumi.output(arn) }).apply(resolve),
        );
        assert.deepEqual(
            doc.Statement.map((s) => s.Resource),
            [arn, arn],
        );
        assert.ok(doc.Statement[0].Action.includes("cognito-idp:AdminResetUserPassword"));
    });
});
