/**
 * A fingerprint of the built-in prototypes, to prove that no input polluted them: every own
 * property name and symbol of each, with the identity of its value or accessors.
 */

// Under jest, tests run in a vm context while Node's own globals (structuredClone, Buffer) make
// objects of the outer realm: a pollution through those lands on the outer prototypes, so they
// are watched too.
const outerObject = Object.getPrototypeOf(structuredClone({})) as object;
const outerArray = Object.getPrototypeOf(structuredClone([])) as object;

const BUILT_INS: ReadonlyArray<[string, object]> = [
  ...(outerObject === Object.prototype
    ? []
    : ([
        ['outer Object.prototype', outerObject],
        ['outer Array.prototype', outerArray],
      ] as Array<[string, object]>)),
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
  ['Symbol.prototype', Symbol.prototype],
  ['Error.prototype', Error.prototype],
  ['Promise.prototype', Promise.prototype],
  ['RegExp.prototype', RegExp.prototype],
  ['Date.prototype', Date.prototype],
  ['Map.prototype', Map.prototype],
  ['Set.prototype', Set.prototype],
  ['Uint8Array.prototype', Uint8Array.prototype],
  ['Object', Object],
];

/** What each built-in prototype holds right now. */
export type PrototypeFingerprint = Map<string, Map<PropertyKey, unknown[]>>;

/** Takes the fingerprint. */
export function fingerprintPrototypes(): PrototypeFingerprint {
  const print: PrototypeFingerprint = new Map();
  for (const [name, target] of BUILT_INS) {
    const own = new Map<PropertyKey, unknown[]>();
    for (const key of Reflect.ownKeys(target)) {
      const d = Object.getOwnPropertyDescriptor(target, key)!;
      own.set(key, [d.value, d.get, d.set, d.writable, d.enumerable, d.configurable]);
    }
    own.set('[[Prototype]]', [Object.getPrototypeOf(target)]);
    own.set('[[Extensible]]', [Object.isExtensible(target)]);
    print.set(name, own);
  }
  return print;
}

/** A cheap signature (how many own keys each built-in has), checked after every input. */
export function quickSignature(): string {
  return BUILT_INS.map(([, target]) => Reflect.ownKeys(target).length).join(',');
}

/** The differences between two fingerprints, as `Object.prototype.polluted added` lines. */
export function prototypeChanges(before: PrototypeFingerprint, after: PrototypeFingerprint): string[] {
  const changes: string[] = [];
  for (const [name, was] of before) {
    const now = after.get(name)!;
    for (const [key, parts] of now) {
      const old = was.get(key);
      if (!old) changes.push(`${name}.${String(key)} added`);
      else if (old.some((part, i) => !Object.is(part, parts[i]))) changes.push(`${name}.${String(key)} changed`);
    }
    for (const key of was.keys()) if (!now.has(key)) changes.push(`${name}.${String(key)} removed`);
  }
  return changes;
}
