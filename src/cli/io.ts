/** Where a command writes: its two streams and whether the terminal takes colour. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
  /** columns text reports are wrapped to (default 100; 0: no wrapping) */
  readonly width?: number;
  /** stderr is a terminal: a long command may redraw a progress line there (default no) */
  readonly progress?: boolean;
}
