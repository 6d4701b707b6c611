/**
 * Looks for a string in everything React keeps for a rendered tree: for every fiber of the
 * current tree (portals included, they are children of the root), its props (`memoizedProps`,
 * `pendingProps`), its state (`memoizedState`: the hook list for function components, with each
 * hook's `memoizedState`, `baseState`, `baseQueue` and `queue.lastRenderedState` / `queue.pending`)
 * and its `updateQueue` (effects and their deps). Values are walked recursively (objects,
 * arrays, Maps, Sets, React elements' props) with a cycle guard and a depth cap.
 *
 * What it cannot see: strings captured by closures (functions are opaque), DOM nodes (checked
 * separately through `document.body.innerHTML`), and memory React no longer references.
 * Works on React 18 and 19 (same fiber field names; `__reactContainer$` on the root container).
 */

/** The fields of a fiber that hold app data. */
const FIBER_FIELDS = ['memoizedProps', 'pendingProps', 'memoizedState', 'updateQueue'] as const;

/**
 * Keys never followed inside values: React internals that lead back into the fiber tree or to
 * dev-only debug data (owners, stacks).
 */
const SKIPPED_KEYS = new Set([
  '_owner',
  '_store',
  '_debugOwner',
  '_debugInfo',
  '_debugStack',
  '_debugTask',
  '_debugSource',
  '_self',
  '_source',
  'stateNode',
  'return',
  'alternate',
]);

const MAX_DEPTH = 80;

interface Fiber {
  tag: number;
  child: Fiber | null;
  sibling: Fiber | null;
  return: Fiber | null;
  stateNode: unknown;
  memoizedProps: unknown;
  pendingProps: unknown;
  memoizedState: unknown;
  updateQueue: unknown;
  type: unknown;
  elementType: unknown;
}

const HOST_ROOT = 3;
/** FunctionComponent, ForwardRef, MemoComponent, SimpleMemoComponent: `memoizedState` is a hook list. */
const HOOK_FIBERS = new Set([0, 11, 14, 15]);

interface Hook {
  memoizedState: unknown;
  baseState: unknown;
  baseQueue: unknown;
  queue: unknown;
  next: Hook | null;
}
/** Everything a hook holds but its `next` (the queue has `lastRenderedState` and `pending`). */
const HOOK_FIELDS = ['memoizedState', 'baseState', 'baseQueue', 'queue'] as const;

function internalKey(node: object, prefix: string): string | undefined {
  return Object.keys(node).find((key) => key.startsWith(prefix));
}

/**
 * The current HostRoot fiber of the React root rendered into `container` (React 18/19
 * `createRoot`, or the legacy `ReactDOM.render`).
 */
export function currentRootFiber(container: Element): Fiber {
  const record = container as unknown as Record<string, unknown>;
  let fiber: Fiber | undefined;
  const containerKey = internalKey(container, '__reactContainer$');
  if (containerKey) fiber = record[containerKey] as Fiber;
  const legacy = record._reactRootContainer as
    | { current?: Fiber; _internalRoot?: { current: Fiber } }
    | undefined;
  if (!fiber && legacy) fiber = legacy._internalRoot?.current ?? legacy.current;
  if (!fiber) {
    // Fall back to any rendered DOM node's fiber and climb to the root.
    const node = container.firstElementChild;
    const fiberKey = node ? internalKey(node, '__reactFiber$') : undefined;
    let up = fiberKey ? ((node as unknown as Record<string, unknown>)[fiberKey] as Fiber) : null;
    while (up && up.tag !== HOST_ROOT) up = up.return;
    fiber = up ?? undefined;
  }
  if (!fiber) throw new Error('No React root found on this container');
  // The container key keeps the HostRoot fiber of the first render; React double-buffers, so
  // the live tree is the FiberRoot's `current`.
  const root = fiber.stateNode as { current?: Fiber } | null;
  return root?.current ?? fiber;
}

function componentName(fiber: Fiber): string {
  const type = (fiber.elementType ?? fiber.type) as
    | string
    | { displayName?: string; name?: string; render?: { name?: string } }
    | null;
  if (typeof type === 'string') return type;
  if (typeof type === 'function') return (type as { name: string }).name || 'Anonymous';
  if (type && typeof type === 'object')
    return type.displayName ?? type.name ?? type.render?.name ?? 'Object';
  return `#${fiber.tag}`;
}

function isDomNode(value: object): boolean {
  return typeof Node !== 'undefined' && value instanceof Node;
}

/**
 * Every place in the React tree rendered into `container` where a string equal to or
 * containing `needle` is held, as readable paths (`ApiKeysPage.memoizedState.next.…`).
 * Empty when there is none.
 */
export function findInReactState(container: Element, needle: string): string[] {
  if (!needle) throw new Error('Give a non-empty string to look for');
  const found: string[] = [];
  const seen = new WeakSet<object>();

  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      if (value.includes(needle)) found.push(path);
      return;
    }
    if (value === null || typeof value !== 'object') return; // functions are opaque
    if (seen.has(value) || isDomNode(value)) return;
    if (depth > MAX_DEPTH) {
      // Never pass silently over data we did not look at.
      throw new Error(`findInReactState: deeper than ${MAX_DEPTH} at ${path}`);
    }
    seen.add(value);
    if (value instanceof Map) {
      let i = 0;
      for (const [k, v] of value) {
        visit(k, `${path}<key ${i}>`, depth + 1);
        visit(v, `${path}<value ${i}>`, depth + 1);
        i++;
      }
      return;
    }
    if (value instanceof Set) {
      let i = 0;
      for (const v of value) visit(v, `${path}<${i++}>`, depth + 1);
      return;
    }
    if ('$$typeof' in value && 'props' in value) {
      // A React element: its props (and key) hold the data; type and owner are code.
      visit((value as { key?: unknown }).key, `${path}.key`, depth + 1);
      visit((value as { props: unknown }).props, `${path}.props`, depth + 1);
      return;
    }
    for (const key of Object.keys(value)) {
      if (SKIPPED_KEYS.has(key)) continue;
      let child: unknown;
      try {
        child = (value as Record<string, unknown>)[key];
      } catch {
        continue; // a throwing getter
      }
      visit(child, `${path}.${key}`, depth + 1);
    }
  };

  // The current tree, from the root down through `child` and `sibling` only: `return` can
  // point into the alternate (previous) tree after a bail-out, where stale values live on.
  const stack: Fiber[] = [currentRootFiber(container)];
  let fibers = 0;
  for (let fiber = stack.pop(); fiber; fiber = stack.pop()) {
    fibers++;
    const name = componentName(fiber);
    for (const field of FIBER_FIELDS) {
      if (field === 'memoizedState' && HOOK_FIBERS.has(fiber.tag)) {
        // A function component's hooks: a linked list, walked here so that its length does
        // not count as depth.
        let hook = fiber.memoizedState as Hook | null;
        for (let i = 0; hook && typeof hook === 'object'; i++, hook = hook.next) {
          for (const part of HOOK_FIELDS) visit(hook[part], `${name}.hooks[${i}].${part}`, 0);
        }
      } else {
        visit(fiber[field], `${name}.${field}`, 0);
      }
    }
    for (let child = fiber.child; child; child = child.sibling) stack.push(child);
  }
  if (fibers < 2) throw new Error('The React tree is empty: nothing was checked');
  return found;
}
