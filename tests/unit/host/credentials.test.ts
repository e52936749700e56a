/**
 * Unit tier: credentials per credential setting in the provider process, as
 * the README's "Several accounts and regions" says: one pending AssumeRole
 * shared by concurrent batches, no failure kept, credentials renewed before
 * they expire, a failure that names the setting, and a preview that refuses
 * a profile needing MFA.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AwsCredentialIdentity } from "@smithy/types";
import {
    accessFailures,
    credentialsFor,
    forgetCredentials,
    settingKey,
    shared,
} from "../../../provider/host/credentials";
import { digestOf } from "../../../provider/core/digest";
import { withEnv } from "../../support/env";

const ROLE = "arn:aws:iam::111122223333:role/password-rotator";
const creds = (n: number, expiration?: Date): AwsCredentialIdentity => ({
    accessKeyId: `ASIA${n}`,
    secretAccessKey: "s",
    expiration,
});

describe("host: credentials per setting", () => {
    afterEach(() => forgetCredentials());

    it("GIVEN concurrent callers WHEN the credentials are asked for THEN one resolution serves them all, and it is kept", async () => {
        let calls = 0;
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const provider = shared(async () => {
            calls++;
            await gate;
            return creds(calls);
        });
        const pending = Promise.all([provider(), provider(), provider()]);
        release();
        const got = await pending;
        assert.equal(calls, 1);
        assert.deepEqual(new Set(got.map((c) => c.accessKeyId)), new Set(["ASIA1"]));
        assert.equal((await provider()).accessKeyId, "ASIA1");
        assert.equal(calls, 1);
    });

    it("GIVEN a resolution that fails WHEN asked again THEN it is tried again: no failure is kept", async () => {
        let calls = 0;
        const provider = shared(async () => {
            if (++calls === 1) throw new Error("AccessDenied");
            return creds(calls);
        });
        await assert.rejects(provider(), /AccessDenied/);
        assert.equal((await provider()).accessKeyId, "ASIA2");
    });

    it("GIVEN credentials within 5 minutes of their end WHEN asked for THEN new ones are resolved", async () => {
        let now = Date.parse("2026-12-03T00:00:00Z");
        let calls = 0;
        const provider = shared(
            async () => creds(++calls, new Date(now + 60 * 60_000)),
            () => now,
        );
        assert.equal((await provider()).accessKeyId, "ASIA1");
        now += 54 * 60_000; // 6 minutes left: still good
        assert.equal((await provider()).accessKeyId, "ASIA1");
        now += 2 * 60_000; // 4 minutes left: renewed
        assert.equal((await provider()).accessKeyId, "ASIA2");
    });

    it("GIVEN one setting WHEN asked for twice THEN one provider serves it; none for the default chain", () => {
        const a = credentialsFor({ assumeRole: { roleArn: ROLE } });
        assert.equal(credentialsFor({ assumeRole: { roleArn: ROLE } }), a);
        assert.notEqual(credentialsFor({ assumeRole: { roleArn: ROLE, sessionName: "other" } }), a);
        assert.equal(credentialsFor({}), undefined);
    });

    it("GIVEN a recorded external id (a digest) never seen as a value in this process WHEN credentials are asked for THEN the error names the role and how to give the value again", () => {
        const recorded = { assumeRole: { roleArn: ROLE, externalId: digestOf("assumeRole", "externalId", "ext-42") } };
        assert.throws(
            () => credentialsFor(recorded),
            (err: Error) => {
                assert.equal(err.name, "RoleCredentialsError");
                assert.match(err.message, new RegExp(`assumeRole.externalId for role ${ROLE} is not known`));
                assert.match(err.message, /pulumi refresh --run-program/);
                return true;
            },
        );
        // Once a check has seen the value, the recorded digest finds its provider.
        const seen = credentialsFor({ assumeRole: { roleArn: ROLE, externalId: "ext-42" } });
        assert.equal(credentialsFor(recorded), seen);
        assert.equal(settingKey(recorded), settingKey({ assumeRole: { roleArn: ROLE, externalId: "ext-42" } }));
    });

    it("GIVEN a profile that cannot give credentials WHEN they are asked for THEN the error names the profile and the cause", async () => {
        const dir = mkdtempSync(join(tmpdir(), "creds-"));
        try {
            writeFileSync(join(dir, "config"), "[profile empty]\nregion = eu-west-1\n");
            writeFileSync(join(dir, "credentials"), "");
            await withEnv(
                { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") },
                async () => {
                    const provider = credentialsFor({ profile: "empty" })!;
                    await assert.rejects(provider(), (err: Error) => {
                        assert.equal(err.name, "RoleCredentialsError");
                        assert.match(err.message, /^no AWS credentials from profile 'empty' \(/);
                        return true;
                    });
                },
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("GIVEN a profile that needs an MFA code, or none by that name WHEN a resource is checked THEN the preview fails naming the profile", async () => {
        const dir = mkdtempSync(join(tmpdir(), "creds-"));
        try {
            writeFileSync(
                join(dir, "config"),
                "[profile admin]\nmfa_serial = arn:aws:iam::111122223333:mfa/a\n[profile ci]\nregion = eu-west-1\n",
            );
            await withEnv(
                { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "none") },
                async () => {
                    const mfa = await accessFailures({ profile: "admin" }, []);
                    assert.deepEqual(
                        mfa.map((f) => f.property),
                        ["profile"],
                    );
                    assert.match(mfa[0].reason, /^profile 'admin' needs an MFA code/);
                    const missing = await accessFailures({ profile: "staging" }, []);
                    assert.match(missing[0].reason, /^profile 'staging' is not in the shared config files/);
                    assert.deepEqual(await accessFailures({ profile: "ci" }, []), []);
                },
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
