/**
 * A batch's name, and the way back from it to its component: the one place
 * the form `<component>-batch-NN` is written. The program names batches with
 * it, and the policy pack reads a batch's component from it. Frozen (README,
 * Compatibility): a batch's name is part of its URN.
 */

/** What stands between the component's name and the batch's index. */
const INFIX = "-batch-";

/**
 * The name of batch `i`: two digits at least (`staff-batch-07`), so that a
 * batch keeps its name, and its state, when the number of batches changes.
 */
export function batchName(component: string, i: number): string {
    return `${component}${INFIX}${String(i).padStart(2, "0")}`;
}

/**
 * Names that batch `i` had in releases that padded to the width of the
 * highest index (one digit for up to 10 batches, three for over 100): aliases,
 * so that those states keep their batches.
 */
export function earlierBatchNames(component: string, i: number): string[] {
    const names = [`${component}${INFIX}${i}`, `${component}${INFIX}${String(i).padStart(3, "0")}`];
    return [...new Set(names)].filter((n) => n !== batchName(component, i));
}

/** The component a batch belongs to, from the batch's name (any of the forms above); other names are returned as they are. */
export function componentOfBatch(name: string): string {
    const at = name.lastIndexOf(INFIX);
    return at >= 0 && /^\d+$/.test(name.slice(at + INFIX.length)) ? name.slice(0, at) : name;
}
