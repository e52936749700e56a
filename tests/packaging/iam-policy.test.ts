/**
 * The least-privilege IAM policy that `passwordResetPolicy` returns, linted by
 * parliament (pinned, installed by dev/toolchain/toolchain.sh) as a reviewer
 * of IAM policies would: known actions, resources that those actions take,
 * no wildcards. A broken copy shows that the linter can fail.
 *
 * | policy                                                 | expected                       |
 * |--------------------------------------------------------|--------------------------------|
 * | the package's, with and without DescribeUserPool       | no finding                     |
 * | the same with a misspelt action                        | "Unknown action", exit 1       |
 * | the same with the action allowed on every resource     | a finding about the resource   |
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { resetPolicyDocument } from "../../provider/core/iam";

const ARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123";

/** parliament's findings on a policy document, and its exit code. */
function lint(policy: unknown): { status: number | null; output: string } {
    const r = spawnSync("parliament", ["--string", JSON.stringify(policy)], { encoding: "utf8", timeout: 60_000 });
    if (r.error) {
        throw new Error(
            `could not run parliament (run the tests with dev/toolchain/with-toolchain.sh): ${r.error.message}`,
        );
    }
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("packaging: the IAM policy, linted by parliament", function () {
    this.timeout(120_000);

    for (const describeUserPool of [true, false]) {
        it(`GIVEN the package's policy ${describeUserPool ? "with" : "without"} DescribeUserPool WHEN linted THEN parliament finds nothing`, () => {
            const r = lint(resetPolicyDocument({ userPoolArn: ARN, describeUserPool }));
            assert.equal(r.output.trim(), "");
            assert.equal(r.status, 0);
        });
    }

    it("GIVEN a copy with a misspelt action WHEN linted THEN parliament names it", () => {
        const doc = resetPolicyDocument({ userPoolArn: ARN });
        doc.Statement[0].Action = ["cognito-idp:AdminResetUserPasword", "cognito-idp:AdminGetUser"];
        const r = lint(doc);
        assert.match(r.output, /Unknown action.*cognito-idp:AdminResetUserPasword/);
        assert.equal(r.status, 1);
    });

    it("GIVEN a copy that allows the calls on every resource WHEN linted THEN parliament reports it", () => {
        const doc = resetPolicyDocument({ userPoolArn: ARN });
        doc.Statement[0].Resource = "*";
        const r = lint(doc);
        assert.notEqual(r.output.trim(), "", "parliament accepted a wildcard resource");
    });
});
