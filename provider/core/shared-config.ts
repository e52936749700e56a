/**
 * The shared config files of the AWS SDKs (`~/.aws/config`,
 * `~/.aws/credentials`), as far as the preview needs them: which profiles
 * exist, and whether one needs an MFA code. Pure: the host reads the files.
 */

/** A profile's settings, by name. */
export type Profiles = Record<string, Record<string, string>>;

/**
 * The profiles of one file's text: `[profile name]` (or `[default]`) sections
 * in the config file, `[name]` sections in the credentials file, each with
 * its `key = value` lines. Comments (`#`, `;`) and other sections
 * (`[sso-session …]`, `[services …]`) are left out.
 *
 * @example
 * parseSharedConfig("[profile prod]\nrole_arn = arn:aws:iam::111122223333:role/r\n", "config");
 * // { prod: { role_arn: "arn:aws:iam::111122223333:role/r" } }
 */
export function parseSharedConfig(text: string, kind: "config" | "credentials"): Profiles {
    const profiles: Profiles = {};
    let current: Record<string, string> | undefined;
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
        const header = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
        if (header) {
            const name = kind === "credentials" ? header[1] : (/^profile\s+(.+)$/.exec(header[1])?.[1] ?? header[1]);
            const isProfile = kind === "credentials" || name === "default" || header[1].startsWith("profile ");
            current = isProfile ? (profiles[name.trim()] ??= {}) : undefined;
            continue;
        }
        const setting = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
        if (current && setting) current[setting[1]] = setting[2];
    }
    return profiles;
}

/**
 * What stops `profile` from working in an unattended run: it is in neither
 * file, or it needs an MFA code (`mfa_serial`, its own or that of the
 * `source_profile` it starts from). Undefined when it can be used.
 */
export function profileProblem(profile: string, profiles: Profiles): string | undefined {
    const seen = new Set<string>();
    for (let name: string | undefined = profile; name !== undefined && !seen.has(name);) {
        seen.add(name);
        const settings: Record<string, string> | undefined = profiles[name];
        if (!settings)
            return name === profile
                ? `profile '${profile}' is not in the shared config files (~/.aws/config, ~/.aws/credentials, ` +
                      "or the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name)"
                : undefined;
        if (settings.mfa_serial)
            return (
                `profile '${profile}' needs an MFA code (mfa_serial` +
                (name === profile ? "" : ` of its source profile '${name}'`) +
                "), which an unattended run cannot give: use a profile or a role without MFA"
            );
        name = settings.source_profile;
    }
    return undefined;
}

/** The profiles of both files, a profile's settings merged (the credentials file's win, as in the SDK). */
export function mergeProfiles(config: Profiles, credentials: Profiles): Profiles {
    const out: Profiles = { ...config };
    for (const [name, settings] of Object.entries(credentials)) out[name] = { ...out[name], ...settings };
    return out;
}
