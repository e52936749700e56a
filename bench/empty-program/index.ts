// Declares nothing: the benchmark times `pulumi up` and `preview` of this
// program as the fixed cost of a run (CLI, language host, Node, TypeScript,
// @pulumi/pulumi), which every other way pays before its first reset.
import "@pulumi/pulumi";
