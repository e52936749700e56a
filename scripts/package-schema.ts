/**
 * Writes the provider plugin's package schema to plugin/schema.json
 * (`npm run schema`), from src/plugin/package-schema.ts and so from the input
 * schema. The SDKs for other languages are generated from that file; the unit
 * test tests/unit/plugin/provider.test.ts fails when it differs from what the
 * plugin serves.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageSchema } from "../src/plugin/package-schema";

const root = path.resolve(__dirname, "..");
const version: string = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
const file = path.join(root, "plugin", "schema.json");
const text = `${JSON.stringify(packageSchema(version), null, 2)}\n`;
const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
if (text !== before) fs.writeFileSync(file, text);
console.log(text === before ? "plugin/schema.json: up to date" : "plugin/schema.json: written");
