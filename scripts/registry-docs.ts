/**
 * The Registry docs (docs/_index.md, docs/installation-configuration.md) take
 * their code from the repository's own examples and from the IAM policy
 * function, so that they cannot drift from what the tests run: `npm run
 * registry-docs` fills every block between
 *   <!-- example: <path> --> ... <!-- end of example -->
 * with that file, and every block between
 *   <!-- iam-policy --> ... <!-- end of iam-policy -->
 * with passwordResetPolicy's document for the example ARN. The unit test
 * tests/unit/readme.test.ts fails when a page differs from what this writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { resetPolicyDocument } from "../provider/core/iam";

const REPO = path.resolve(__dirname, "..");
export const REGISTRY_PAGES = ["_index.md", "installation-configuration.md"].map((f) => path.join(REPO, "docs", f));

/** The ARN the docs show the policy for. */
export const DOCS_POOL_ARN = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbC123";

const FENCE: Record<string, string> = { ".ts": "typescript", ".py": "python", ".go": "go", ".yaml": "yaml" };

/** `page` with every example and policy block filled in. */
export function withDocsCode(page: string): string {
    const examples = page.replace(/<!-- example: (\S+) -->\n[\s\S]*?<!-- end of example -->/g, (_, file: string) => {
        const code = fs.readFileSync(path.join(REPO, file), "utf8").trimEnd();
        return `<!-- example: ${file} -->\n\`\`\`${FENCE[path.extname(file)]}\n${code}\n\`\`\`\n<!-- end of example -->`;
    });
    const policy = JSON.stringify(resetPolicyDocument({ userPoolArn: DOCS_POOL_ARN }), null, 2);
    return examples.replace(
        /<!-- iam-policy -->\n[\s\S]*?<!-- end of iam-policy -->/g,
        `<!-- iam-policy -->\n\`\`\`json\n${policy}\n\`\`\`\n<!-- end of iam-policy -->`,
    );
}

if (require.main === module) {
    for (const page of REGISTRY_PAGES) {
        const before = fs.readFileSync(page, "utf8");
        const after = withDocsCode(before);
        fs.writeFileSync(page, after);
        console.log(`${path.relative(REPO, page)}: ${after === before ? "up to date" : "code blocks rewritten"}`);
    }
}
