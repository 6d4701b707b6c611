/**
 * `pnpm bench react-size`: the bundle size of @babysea/keys-react (min and min+gzip, React and
 * Radix external, the keys-core parts it uses included) against its 15 kB min+gz budget.
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
  const size = (await measureReactSize()) as Size;
  const budget = BUDGET_GZIP_BYTES as number;
  console.log(
    '\n## keys-react bundle size (esbuild, minified; react, react-dom, @radix-ui/* external)\n',
  );
  console.log('entry         min        min+gz     budget (min+gz)  within');
  console.log('------------  ---------  ---------  ---------------  ------');
  console.log(
    `${size.entry.padEnd(12)}  ${kB(size.minBytes).padStart(9)}  ${kB(size.gzipBytes).padStart(9)}  ${kB(budget).padStart(15)}  ${size.gzipBytes <= budget ? 'yes' : 'NO'}`,
  );
}
