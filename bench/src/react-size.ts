/**
 * `pnpm bench react-size`: the bundle size of @babysea/keys-react (min and min+gzip, React and
 * Radix external, the keys-core parts it uses included) against its 15 kB min+gz budget, and
 * how much of it is the kit's own code.
 */
// @ts-expect-error: a plain .mjs script without types; its exports are documented there.
import { BUDGET_GZIP_BYTES, measureReactSize } from '../../packages/keys-react/scripts/size.mjs';

interface Size {
  entry: string;
  minBytes: number;
  gzipBytes: number;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;

export async function run(): Promise<void> {
  const size = (await measureReactSize()) as Size & { kitOnly: Size };
  const budget = BUDGET_GZIP_BYTES as number;
  const rows = [
    ['@babysea/keys-react (with the keys-core parts it uses)', size],
    ['  of which the kit alone (keys-core external)', size.kitOnly],
  ] as const;
  console.log(
    '\n## keys-react bundle size (esbuild, minified; react, react-dom, @radix-ui/* external)\n',
  );
  console.log(`${'bundle'.padEnd(56)}  ${'min'.padStart(9)}  ${'min+gz'.padStart(9)}`);
  console.log(`${'-'.repeat(56)}  ${'-'.repeat(9)}  ${'-'.repeat(9)}`);
  for (const [label, s] of rows) {
    console.log(
      `${label.padEnd(56)}  ${kB(s.minBytes).padStart(9)}  ${kB(s.gzipBytes).padStart(9)}`,
    );
  }
  console.log(
    `\nbudget ${kB(budget)} min+gz: ${size.gzipBytes <= budget ? 'within' : `over by ${kB(size.gzipBytes - budget)}`}`,
  );
}
