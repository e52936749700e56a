/**
 * Unit tier: the least-privilege IAM policy, as the README's "Least-privilege
 * IAM policy" gives it: AdminResetUserPassword and AdminGetUser on the pool,
 * and DescribeUserPool unless left out; the pool ARN checked.
 *
 * | pool ARN                                                      | describeUserPool | expected                    |
 * |---------------------------------------------------------------|------------------|-----------------------------|
 * | arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123 | default   | 2 statements, 3 actions     |
 * | the same                                                      | false            | 1 statement, 2 actions      |
 * | arn:aws-cn:…, arn:aws-us-gov:…                                | default          | accepted                    |
 * | a pool id, an identity pool's ARN, a short account, nothing   |                  | refused, naming userPoolArn |
 */
import assert from "node:assert/strict";
import { resetPolicyDocument } from "../../../provider/core/iam";

const ARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123";

describe("core: the least-privilege IAM policy", () => {
    it("GIVEN a pool's ARN WHEN the policy is built THEN it allows the reset, AdminGetUser and DescribeUserPool on that pool alone", () => {
        assert.deepEqual(resetPolicyDocument({ userPoolArn: ARN }), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ResetPasswords",
                    Effect: "Allow",
                    Action: ["cognito-idp:AdminResetUserPassword", "cognito-idp:AdminGetUser"],
                    Resource: ARN,
                },
                {
                    Sid: "ReadPoolEmailSettings",
                    Effect: "Allow",
                    Action: ["cognito-idp:DescribeUserPool"],
                    Resource: ARN,
                },
            ],
        });
    });

    it("GIVEN describeUserPool false WHEN the policy is built THEN DescribeUserPool is left out", () => {
        const doc = resetPolicyDocument({ userPoolArn: ARN, describeUserPool: false });
        assert.deepEqual(
            doc.Statement.flatMap((s) => s.Action),
            ["cognito-idp:AdminResetUserPassword", "cognito-idp:AdminGetUser"],
        );
    });

    for (const arn of [
        "arn:aws-cn:cognito-idp:cn-north-1:123456789012:userpool/cn-north-1_AbC123",
        "arn:aws-us-gov:cognito-idp:us-gov-west-1:123456789012:userpool/us-gov-west-1_AbC123",
    ]) {
        it(`GIVEN ${arn.split(":")[1]} WHEN the policy is built THEN the ARN is accepted as it is`, () => {
            assert.equal(resetPolicyDocument({ userPoolArn: arn }).Statement[0].Resource, arn);
        });
    }

    for (const bad of [
        "eu-west-1_AbC123",
        "arn:aws:cognito-identity:eu-west-1:123456789012:identitypool/eu-west-1:0000",
        "arn:aws:cognito-idp:eu-west-1:12345:userpool/eu-west-1_AbC123",
        "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/*",
        undefined,
    ]) {
        it(`GIVEN ${JSON.stringify(bad)} WHEN the policy is built THEN it is refused, naming userPoolArn`, () => {
            assert.throws(
                () => resetPolicyDocument({ userPoolArn: bad as string }),
                (e: Error) =>
                    /^userPoolArn must be a user pool's ARN/.test(e.message) && e.message.includes(String(bad)),
            );
        });
    }
});
