#!/usr/bin/env node
// Makes this package resolvable by its own name from the repository's
// node_modules, as it is in a user's project: the demo, the examples and the
// tests import "pulumi-cognito-password-reset", and the provider host loads
// "pulumi-cognito-password-reset/provider-host" by name.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", require(path.join(root, "package.json")).name);
try {
    if (fs.realpathSync(link) === root) process.exit(0);
    fs.rmSync(link, { recursive: true, force: true });
} catch {
    // not there yet
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync("..", link, "dir");
