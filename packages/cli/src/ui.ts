/** Output: results on stdout (JSON lines with --json), progress and errors on stderr. */
export type Ui = {
  json: boolean;
  /** A result: a line of text, or one JSON document per call with --json. */
  out(text: string, value?: unknown): void;
  /** Progress for people; silent with --json. */
  note(text: string): void;
  /** Runs `work` under a spinner (on a terminal, without --json). */
  spin<T>(text: string, work: () => Promise<T>): Promise<T>;
};

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createUi(options: { json: boolean }): Ui {
  const { json } = options;
  const tty = process.stderr.isTTY === true;
  return {
    json,
    out(text, value) {
      process.stdout.write(`${json ? JSON.stringify(value ?? text) : text}\n`);
    },
    note(text) {
      if (!json) process.stderr.write(`${text}\n`);
    },
    async spin(text, work) {
      if (json || !tty) return work();
      let frame = 0;
      const timer = setInterval(() => {
        process.stderr.write(`\r${FRAMES[frame++ % FRAMES.length]} ${text}`);
      }, 80);
      try {
        return await work();
      } finally {
        clearInterval(timer);
        process.stderr.write('\r\x1b[2K');
      }
    },
  };
}
