/**
 * A flag as the user typed it on the command line (`--rate 0.5`, `--yield=50%`), its last occurrence
 * (the one commander keeps), or undefined when it was not given: for messages about what a flag's
 * value led to, which should name the flag and not only the number derived from it.
 */
export function typedFlag(argv: readonly string[], flag: string): string | undefined {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i] as string;
    if (arg.startsWith(`${flag}=`)) return arg;
    if (arg === flag && i + 1 < argv.length) return `${flag} ${argv[i + 1]}`;
  }
  return undefined;
}

/** The flags a chain's spot·e^{(r−q)t} forwards come from; empty when neither was given. */
export function forwardFlags(argv: readonly string[]): string[] {
  return ['--rate', '--yield'].flatMap((f) => typedFlag(argv, f) ?? []);
}
