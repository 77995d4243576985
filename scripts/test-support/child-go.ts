/**
 * The start line of a child process that several tests run at once: it prints `ready` once
 * loaded, then resolves when its parent writes `go` on its stdin, so that every child starts its
 * work together.
 */
export async function readyThenGo(): Promise<void> {
  process.stdout.write('ready\n');
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (input.includes('go')) return;
  }
}
