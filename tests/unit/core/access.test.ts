/**
 * Unit tier: how a resource reaches its pool's account (`profile`,
 * `assumeRole`), as the README's "Several accounts and regions" and STS's
 * documented AssumeRole limits say, and the shared config files as the AWS
 * SDKs read them.
 *
 * | value                                             | expected                                    |
 * |---------------------------------------------------|---------------------------------------------|
 * | { roleArn } of a role, every field within limits  | good; its account is the ARN's              |
 * | no roleArn, a user ARN, an unknown field          | refused, naming the field                   |
 * | externalId of 1 character, durationSeconds 899    | refused (STS: 2–1,224; 900–43,200)          |
 * | a role's external id                              | a secret value: only its digest is recorded |
 * | `[profile x]` in config, `[x]` in credentials      | both profiles, settings merged              |
 * | a profile with mfa_serial, or its source's        | refused: an unattended run cannot give MFA  |
 * | a profile in neither file                         | refused, naming it                          |
 */
import assert from "node:assert/strict";
import { accessKey, accountOfRole, assumeRoleProblems, describeAccess } from "../../../provider/core/access";
import { mergeProfiles, parseSharedConfig, profileProblem } from "../../../provider/core/shared-config";
import { validateInputs } from "../../../provider/core/validation";
import { secretValues } from "../../../provider/core/digest";
import { decideDiff } from "../../../provider/core/diff";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ROLE = "arn:aws:iam::111122223333:role/password-rotator";

describe("core: reaching a pool's account", () => {
    it("GIVEN a role with every field within STS's limits THEN it is good, and its account is the ARN's", () => {
        const good = { roleArn: ROLE, externalId: "ext-42", sessionName: "nightly", durationSeconds: 43_200 };
        assert.deepEqual(assumeRoleProblems(good, UNKNOWN), []);
        assert.equal(accountOfRole(ROLE), "111122223333");
        assert.equal(accountOfRole("arn:aws-us-gov:iam::444455556666:role/path/to/r"), "444455556666");
        assert.equal(accountOfRole("arn:aws:iam::111122223333:user/alice"), undefined);
    });

    it("GIVEN a bad role WHEN checked THEN each problem names the field", () => {
        const problems = (v: unknown) => assumeRoleProblems(v, UNKNOWN);
        assert.deepEqual(problems({}), ["assumeRole.roleArn is required"]);
        assert.match(
            problems({ roleArn: "arn:aws:iam::111122223333:user/alice" })[0],
            /^assumeRole\.roleArn must be a role ARN/,
        );
        assert.match(
            problems({ roleArn: ROLE, rolArn: ROLE })[0],
            /^assumeRole\.rolArn is not an argument of assumeRole/,
        );
        assert.match(problems({ roleArn: ROLE, externalId: "x" })[0], /^assumeRole\.externalId must be 2 to 1,224/);
        assert.match(problems({ roleArn: ROLE, sessionName: "has space" })[0], /^assumeRole\.sessionName must be/);
        assert.match(
            problems({ roleArn: ROLE, durationSeconds: 899 })[0],
            /^assumeRole\.durationSeconds must be a whole number from 900 to 43200/,
        );
        assert.match(problems("arn")[0], /^assumeRole must be an object/);
        // A field not known yet (a preview) is checked once it is.
        assert.deepEqual(problems({ roleArn: UNKNOWN, externalId: UNKNOWN }), []);
    });

    it("GIVEN bad profile or assumeRole inputs WHEN a reset is checked THEN the preview fails naming them", () => {
        const failures = validateInputs({
            userPoolId: "eu-west-1_AbC123",
            username: "alice",
            profile: "has space",
            assumeRole: { roleArn: "rotator" },
        });
        assert.deepEqual(
            failures.map((f) => f.property),
            ["profile", "assumeRole"],
        );
        assert.match(failures[0].reason, /^profile must be a profile name/);
    });

    it("GIVEN a role's external id WHEN recorded THEN only its digest is, and settings are told apart", () => {
        const inputs = { assumeRole: { roleArn: ROLE, externalId: "ext-42" } };
        assert.deepEqual(secretValues(inputs), [{ input: "assumeRole", key: "externalId", value: "ext-42" }]);
        assert.notEqual(accessKey({ profile: "a" }), accessKey({ profile: "b" }));
        assert.equal(
            describeAccess({ profile: "prod", assumeRole: { roleArn: ROLE } }),
            `profile 'prod', role ${ROLE}`,
        );
        assert.equal(describeAccess({}), "the default credential chain");
    });

    it("GIVEN a reset whose profile or role changes alone WHEN diffed THEN it is an update with no reset", () => {
        const olds = {
            userPoolId: "eu-west-1_AbC123",
            username: "alice",
            lastResetAt: "2026-01-01T00:00:00.000Z",
            resetCount: 1,
            lastResetRotationKey: "",
            userStatus: "RESET_REQUIRED",
        };
        for (const change of [{ profile: "prod" }, { assumeRole: { roleArn: ROLE } }]) {
            const d = decideDiff(olds, { userPoolId: olds.userPoolId, username: "alice", ...change });
            assert.deepEqual([d.changes, d.reset, d.replaces], [true, false, []]);
        }
    });
});

describe("core: the shared config files", () => {
    const config = [
        "# the team's profiles",
        "[default]",
        "region = eu-west-1",
        "[profile prod]",
        "role_arn = arn:aws:iam::111122223333:role/r",
        "source_profile = base",
        "[profile base]",
        "mfa_serial = arn:aws:iam::111122223333:mfa/alice",
        "[profile ci]",
        "credential_process = /bin/creds",
        "[sso-session corp]",
        "sso_region = eu-west-1",
    ].join("\n");
    const credentials =
        "[ci]\naws_access_key_id = AKIAEXAMPLE\n; a comment\n[keys-only]\naws_access_key_id = AKIAOTHER\n";
    const profiles = mergeProfiles(parseSharedConfig(config, "config"), parseSharedConfig(credentials, "credentials"));

    it("GIVEN both files THEN every profile is read, a profile's settings merged, other sections left out", () => {
        assert.deepEqual(Object.keys(profiles).sort(), ["base", "ci", "default", "keys-only", "prod"]);
        assert.deepEqual(profiles.ci, { credential_process: "/bin/creds", aws_access_key_id: "AKIAEXAMPLE" });
    });

    it("GIVEN a profile that needs an MFA code, its own or its source's, THEN it is refused, naming it; others are fine", () => {
        assert.match(profileProblem("base", profiles)!, /^profile 'base' needs an MFA code \(mfa_serial\)/);
        assert.match(
            profileProblem("prod", profiles)!,
            /^profile 'prod' needs an MFA code \(mfa_serial of its source profile 'base'\)/,
        );
        assert.equal(profileProblem("ci", profiles), undefined);
        assert.equal(profileProblem("keys-only", profiles), undefined);
        assert.match(profileProblem("staging", profiles)!, /^profile 'staging' is not in the shared config files/);
    });
});
