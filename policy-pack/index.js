// The policy pack shipped with pulumi-cognito-password-reset:
//   pulumi preview --policy-pack node_modules/pulumi-cognito-password-reset/policy-pack
// Configure it with --policy-pack-config (maxRotationDays, requireRotation).
// It checks every UserPasswordReset and every batch of a UserPasswordResets
// (one report per batch): rotationRequiredPolicy in ../dist/policy.js.
// It needs @pulumi/policy installed next to your program.
"use strict";
const { PolicyPack } = require("@pulumi/policy");
const { rotationRequiredPolicy } = require("../dist/policy");

new PolicyPack("cognito-password-reset", { policies: [rotationRequiredPolicy] });
