import { runCli } from './main.js';
import { terminalOutput } from './terminal.js';

// `gexmap report … | head -1`: the reader has what it wanted and closed the pipe. That is the
// end of the output, not an error; any other failure of stdout is one line and exit 1.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    if (stream === process.stdout) process.stderr.write(`gexmap: cannot write the output: ${e.message}\n`);
    process.exit(1);
  });
}

const terminal = terminalOutput({
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns,
});
const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  ...terminal,
  progress: process.stderr.isTTY === true,
});
process.exitCode = code;
