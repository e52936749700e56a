/**
 * The tree of live processes under a root, and its resident memory, from one
 * reading of Linux's /proc. Used to signal every process a `pulumi` run
 * started (the plugins run in process groups of their own: a group kill
 * misses them) and by the benchmark to measure the peak memory of a run.
 *
 * Hand-written: it is a few lines over /proc/<pid>/status, which gives both the
 * parent and the resident set of a process (in kB, whatever the kernel's page
 * size). The npm packages for this give one
 * or the other (pidtree, ps-tree: children; pidusage: a pid's memory) and the
 * tree ones spawn `ps` for every reading, which is too slow to sample ten
 * times a second and would itself show up in the tree it measures. Linux only,
 * as the dev kit is.
 */
import * as fs from "node:fs";

/** One live process, as /proc/<pid>/status shows it. */
export interface ProcessEntry {
    /** Its parent's pid (0 for the kernel's own). */
    ppid: number;
    /** Its resident set, in bytes. */
    rssBytes: number;
}

/** Every live process, by pid, read at once. A process that exits while it is read is left out. */
export function readProcessTable(): Map<number, ProcessEntry> {
    const table = new Map<number, ProcessEntry>();
    for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) continue;
        try {
            const status = fs.readFileSync(`/proc/${d}/status`, "utf8");
            const ppid = /^PPid:\s+(\d+)/m.exec(status);
            if (!ppid) continue;
            // VmRSS is absent for kernel threads, which hold no user memory.
            const rssKiB = /^VmRSS:\s+(\d+) kB/m.exec(status);
            table.set(Number(d), { ppid: Number(ppid[1]), rssBytes: rssKiB ? Number(rssKiB[1]) * 1024 : 0 });
        } catch {
            // exited meanwhile
        }
    }
    return table;
}

/**
 * Every live descendant of `root` (root itself not included), leaving out the
 * processes of `exclude` and everything under them.
 */
export function descendants(
    root: number,
    exclude: ReadonlySet<number> = new Set(),
    table: Map<number, ProcessEntry> = readProcessTable(),
): number[] {
    const children = new Map<number, number[]>();
    for (const [pid, { ppid }] of table) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const found: number[] = [];
    const seen = new Set([root]);
    for (let queue = [root]; queue.length > 0;) {
        const next: number[] = [];
        for (const p of queue) {
            for (const c of children.get(p) ?? []) {
                if (seen.has(c) || exclude.has(c)) continue;
                seen.add(c);
                found.push(c);
                next.push(c);
            }
        }
        queue = next;
    }
    return found;
}

/** The resident memory, in bytes, of every descendant of `root` (as {@link descendants}), root itself not counted. */
export function descendantsRssBytes(root: number, exclude: ReadonlySet<number> = new Set()): number {
    const table = readProcessTable();
    return descendants(root, exclude, table).reduce((sum, pid) => sum + (table.get(pid)?.rssBytes ?? 0), 0);
}
