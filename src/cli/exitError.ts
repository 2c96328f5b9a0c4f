/** A command that ran but failed at its job: one line on stderr and this exit code (see the README's list). */
export class ExitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
