import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type TargetMetadatas = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

let installed = false;

/**
 * class-validator works out a class's rules on every validation: it filters the rules of every
 * class it knows for the ones the class and its ancestors declare (a walk over all DTOs of the
 * app), then groups them by property. Both depend only on the declared rules, so they are kept
 * per class and options until a rule is added, and every validation applies the same rules as
 * before, without the walk.
 */
export function cacheValidationMetadata(): void {
  if (installed) return;
  installed = true;
  const storage = getMetadataStorage();
  const targets = new Map<unknown, Map<string, TargetMetadatas>>();
  let grouped = new WeakMap<TargetMetadatas, Grouped>();
  const forget = (): void => {
    targets.clear();
    grouped = new WeakMap();
  };

  const addMetadata = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    forget();
    addMetadata(metadata);
  };

  const targetMetadatas = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${String(always)}\u0000${String(strictGroups)}\u0000${groups?.join('\u0001') ?? '\u0002'}`;
    let ofTarget = targets.get(target);
    if (!ofTarget) {
      ofTarget = new Map();
      targets.set(target, ofTarget);
    }
    let metadatas = ofTarget.get(key);
    if (!metadatas) {
      metadatas = targetMetadatas(target, schema, always, strictGroups, groups);
      ofTarget.set(key, metadatas);
    }
    return metadatas;
  };

  const groupByProperty = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadatas) => {
    let byProperty = grouped.get(metadatas);
    if (!byProperty) {
      byProperty = groupByProperty(metadatas);
      grouped.set(metadatas, byProperty);
    }
    return byProperty;
  };
}
