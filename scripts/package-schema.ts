/**
 * Writes the provider plugin's package schema to plugin/schema.json
 * (`npm run schema`), from provider/plugin/package-schema.ts and so from the input
 * schema, and from package.json's version and, in a release, its repository
 * (the Go module path and the plugin's download URL follow it). The SDKs for
 * other languages are generated from that file; the unit
 * test tests/unit/plugin/provider.test.ts fails when it differs from what the
 * plugin serves.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageSchema } from "../provider/plugin/package-schema";

const root = path.resolve(__dirname, "..");
const pkg: { version: string; repository?: { url?: string } } = JSON.parse(
    fs.readFileSync(path.join(root, "package.json"), "utf8"),
);
const file = path.join(root, "plugin", "schema.json");
const text = `${JSON.stringify(packageSchema(pkg.version, pkg.repository?.url), null, 2)}\n`;
const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
if (text !== before) fs.writeFileSync(file, text);
console.log(text === before ? "plugin/schema.json: up to date" : "plugin/schema.json: written");
