/**
 * Jest runs each test file in its own vm realm. Node 22 polyfills `Symbol.dispose` and
 * `Symbol.asyncDispose` in its main realm only, so inside jest they are undefined, and libraries
 * that use Node's disposables (undici's fetch, used by @kubernetes/client-node, calls
 * `events.addAbortListener(...)[Symbol.dispose]`) crash the whole jest process with
 * "removeAbortListener is not a function". Give the test realm the main realm's `Symbol.dispose`.
 */
import { addAbortListener } from 'node:events';

type SymbolWithDispose = SymbolConstructor & { dispose?: symbol; asyncDispose?: symbol };

/** The symbol Node's own disposables are keyed by (its only own symbol key). */
function mainRealmDispose(): symbol | undefined {
  const disposable = addAbortListener(new AbortController().signal, () => undefined);
  const symbols = Object.getOwnPropertySymbols(disposable);
  disposable[symbols[0] as typeof Symbol.dispose]?.();
  return symbols[0];
}

const realmSymbol = Symbol as SymbolWithDispose;
if (realmSymbol.dispose === undefined) {
  const dispose = mainRealmDispose();
  if (dispose) Object.defineProperty(Symbol, 'dispose', { value: dispose });
}
