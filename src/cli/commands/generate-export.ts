import { InvalidArgumentError, type Command } from 'commander';
import { writeExportFolder, writeExportZip } from '../../core/synthetic-export/generate.ts';

function parseInteger(value: string, minimum: number, example: string): number {
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < minimum) {
    throw new InvalidArgumentError(`expected ${minimum === 1 ? 'a positive' : 'an'} integer, such as ${example}.`);
  }
  return number;
}

const count = new Intl.NumberFormat('en-US');

export function registerGenerateExport(program: Command): void {
  program
    .command('generate-export')
    .description('write a synthetic Slack export, zipped or as a folder, for benchmarks and scale tests')
    .requiredOption('--messages <n>', 'total messages, thread replies included', (value) => parseInteger(value, 1, '1000000'))
    .requiredOption('--out <path>', 'a path ending in .zip writes a zip archive, any other a folder')
    .option('--seed <n>', 'the same seed writes the same bytes', (value) => parseInteger(value, Number.MIN_SAFE_INTEGER, '42'), 1)
    .action(async (options: { messages: number; out: string; seed: number }) => {
      const started = performance.now();
      const write = options.out.toLowerCase().endsWith('.zip') ? writeExportZip : writeExportFolder;
      const summary = await write(options.out, { messages: options.messages, seed: options.seed });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `Wrote ${options.out}: ${count.format(summary.messages)} messages (${count.format(summary.replies)} replies in ${count.format(summary.threads)} threads), ` +
          `${count.format(summary.channels)} channels, ${count.format(summary.people)} people, ${count.format(summary.days)} days, ${count.format(summary.files)} files, in ${seconds} s\n`,
      );
    });
}
