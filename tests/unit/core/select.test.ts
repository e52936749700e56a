/**
 * Unit tier: selecting users by rule, as Cognito documents ListUsers
 * (reference: "Listing users") and as the README's "Selecting users" says.
 *
 * | value                                   | expected                                               |
 * |-----------------------------------------|--------------------------------------------------------|
 * | { group: "admins" }, { all: true }      | good                                                   |
 * | email ^= "ops-", status = "Enabled"     | good; parsed into attribute, op, value                 |
 * | a quote escaped inside the value        | the value without the backslash                        |
 * | custom:team = "x"                       | refused: Cognito cannot search custom attributes       |
 * | email != "x", email ^= ops- (unquoted)  | refused: names the syntax                              |
 * | two keys, none, { all: false }, a list  | refused, naming select                                 |
 * | a user's sub                            | its first 8 hex digits as a fraction of 2^32           |
 * | disabled / FORCE_CHANGE_PASSWORD / …    | left out with the code a reset would have met          |
 */
import assert from "node:assert/strict";
import { exclusionOf, ListedUser, parseFilter, selectProblem, subFraction } from "../../../provider/core/select";
import { resetPolicyDocument } from "../../../provider/core/iam";

describe("core: selecting users by rule", () => {
    for (const good of [{ group: "admins" }, { group: "Ops_Team-1" }, { all: true }, { filter: 'email ^= "ops-"' }]) {
        it(`GIVEN select ${JSON.stringify(good)} WHEN checked THEN it is good`, () => {
            assert.equal(selectProblem(good), undefined);
        });
    }

    const parsed: [string, object][] = [
        ['email ^= "ops-"', { attribute: "email", op: "^=", value: "ops-" }],
        ['status = "Enabled"', { attribute: "status", op: "=", value: "Enabled" }],
        ['cognito:user_status="CONFIRMED"', { attribute: "cognito:user_status", op: "=", value: "CONFIRMED" }],
        ['name = "Ann \\"The\\" Admin"', { attribute: "name", op: "=", value: 'Ann "The" Admin' }],
    ];
    for (const [text, expected] of parsed) {
        it(`GIVEN the filter ${text} WHEN parsed THEN it is ${JSON.stringify(expected)}`, () => {
            assert.deepEqual(parseFilter(text), expected);
        });
    }

    const refused: [unknown, RegExp][] = [
        [{ filter: 'custom:team = "x"' }, /select\.filter names 'custom:team', which Cognito cannot search/],
        [
            { filter: 'email != "x"' },
            /select\.filter 'email != "x"' must be attribute = "value" or attribute \^= "value"/,
        ],
        [{ filter: "email ^= ops-" }, /must be attribute = "value"/],
        [{ filter: 'email ^= "a" and name = "b"' }, /must be attribute = "value"/],
        [{ group: "admins", all: true }, /^select must be one of .* with exactly one key; got group, all/],
        [{}, /^select must be one of .* got none/],
        [{ all: false }, /^select\.all must be true, got false/],
        [{ group: "two words" }, /^select\.group must be a group's name/],
        [["admins"], /^select must be one of/],
        ["admins", /^select must be one of/],
    ];
    for (const [value, message] of refused) {
        it(`GIVEN select ${JSON.stringify(value)} WHEN checked THEN it is refused, naming select and the rule`, () => {
            assert.match(String(selectProblem(value)), message);
        });
    }

    it("GIVEN subs WHEN read as stagger fractions THEN the first 8 hex digits over 2^32, dashes ignored", () => {
        assert.equal(subFraction("00000000-0000-4000-8000-000000000000"), 0);
        assert.equal(subFraction("80000000-1234-4000-8000-000000000000"), 0.5);
        assert.equal(subFraction("ffffffff-ffff-4fff-bfff-ffffffffffff"), 0xffffffff / 2 ** 32);
        assert.equal(subFraction("4000-0000-aaaa"), 0.25, "dashes are not digits");
        assert.throws(() => subFraction("not-a-sub"), /a user's sub must be a UUID, got 'not-a-sub'/);
    });

    // Cognito's documented statuses and what a reset of such a user answers (reference, "UserStatus values").
    const user = (over: Partial<ListedUser>): ListedUser => ({
        username: "u",
        sub: "0",
        enabled: true,
        status: "CONFIRMED",
        emailVerified: true,
        phoneVerified: false,
        ...over,
    });
    const exclusions: [string, Partial<ListedUser>, string | undefined][] = [
        ["CONFIRMED with a verified email", {}, undefined],
        ["RESET_REQUIRED", { status: "RESET_REQUIRED" }, undefined],
        ["a verified phone only", { emailVerified: false, phoneVerified: true }, undefined],
        ["disabled", { enabled: false }, "USER_DISABLED"],
        ["FORCE_CHANGE_PASSWORD", { status: "FORCE_CHANGE_PASSWORD" }, "USER_STATUS"],
        ["UNCONFIRMED", { status: "UNCONFIRMED" }, "USER_STATUS"],
        ["EXTERNAL_PROVIDER", { status: "EXTERNAL_PROVIDER" }, "USER_STATUS"],
        ["no verified email or phone", { emailVerified: false }, "NO_VERIFIED_CONTACT"],
    ];
    for (const [what, over, code] of exclusions) {
        it(`GIVEN a listed user ${what} WHEN judged THEN ${code ? `it is left out as ${code}` : "it can be reset"}`, () => {
            assert.equal(exclusionOf(user(over)), code);
        });
    }

    it("GIVEN a selection WHEN the IAM policy is built THEN it allows the listing it needs, on the pool alone", () => {
        const arn = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123";
        const listing = (select: Parameters<typeof resetPolicyDocument>[0]["select"]) =>
            resetPolicyDocument({ userPoolArn: arn, select })
                .Statement.filter((s) => s.Sid === "ListSelectedUsers")
                .map((s) => [s.Action, s.Resource]);
        assert.deepEqual(listing({ group: "admins" }), [[["cognito-idp:ListUsersInGroup"], arn]]);
        assert.deepEqual(listing({ filter: 'email ^= "ops-"' }), [[["cognito-idp:ListUsers"], arn]]);
        assert.deepEqual(listing({ all: true }), [[["cognito-idp:ListUsers"], arn]]);
        assert.deepEqual(listing(undefined), []);
    });
});
