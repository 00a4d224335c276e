import { createInterface } from 'node:readline';

/**
 * Reads one secret line: on a terminal, a prompt on stderr with the typed characters
 * hidden; otherwise the first line of stdin (`printf '%s\n' "$PW" | lumen users
 * set-password --email …`). The trailing newline is not part of the secret.
 */
export function readSecret(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    return new Promise((resolve, reject) => {
      let text = '';
      input.setEncoding('utf8');
      input.on('data', (chunk: string) => {
        text += chunk;
        const end = text.indexOf('\n');
        if (end >= 0) {
          input.pause();
          resolve(text.slice(0, end).replace(/\r$/, ''));
        }
      });
      input.on('end', () => resolve(text.replace(/\r?\n$/, '')));
      input.on('error', reject);
    });
  }
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const rl = createInterface({ input, output: process.stderr, terminal: true });
    // Swallow the echo of typed characters; the prompt was written above.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
