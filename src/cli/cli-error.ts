/** A failure the CLI reports as lines on stderr with a given exit status (2: bad input or usage). */
export class CliError extends Error {
  readonly lines: string[];
  readonly exitCode: number;

  constructor(lines: string[], exitCode = 2) {
    super(lines.join('\n'));
    this.lines = lines;
    this.exitCode = exitCode;
  }
}
