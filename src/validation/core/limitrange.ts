// LimitRange validation (ValidateLimitRange of v1.25): one item per type, no defaults for Pod items,
// and min ≤ defaultRequest ≤ default ≤ max for every resource named.
import type { LimitRange } from 'kubernetes-types/core/v1.js';
import { compareQuantities, formatQuantity, parseQuantity, type Quantity } from '../../api/core/quantity.js';
import { duplicate, FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { validateResourceName, validateResourceQuantityValue } from './resources.js';

const limitTypes = ['Container', 'PersistentVolumeClaim', 'Pod'];
type Bag = 'max' | 'min' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio';
const bags: Bag[] = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'];

export function validateLimitRange(lr: LimitRange): FieldError[] {
  const errs: FieldError[] = [];
  const seenTypes = new Set<string>();
  (lr.spec?.limits ?? []).forEach((item, i) => {
    const ip = FieldPath.root('spec').child('limits').index(i);
    if (!item.type) errs.push(required(ip.child('type'), ''));
    else if (!limitTypes.includes(item.type)) errs.push(notSupported(ip.child('type'), item.type, limitTypes));
    if (seenTypes.has(item.type)) errs.push(duplicate(ip.child('type'), item.type));
    seenTypes.add(item.type);
    const values = new Map<Bag, Map<string, Quantity>>();
    for (const bag of bags) {
      const m = new Map<string, Quantity>();
      values.set(bag, m);
      for (const [k, v] of Object.entries(item[bag] ?? {})) {
        const path = ip.child(bag).key(k);
        errs.push(...validateResourceName(k, path), ...validateResourceQuantityValue(k, v, path));
        const q = parseQuantity(v);
        if (q) m.set(k, q);
      }
    }
    if (item.type === 'Pod') {
      if (Object.keys(item.default ?? {}).length) errs.push(forbidden(ip.child('default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(item.defaultRequest ?? {}).length) errs.push(forbidden(ip.child('defaultRequest'), "may not be specified when `type` is 'Pod'"));
    }
    const keys = new Set(bags.flatMap((b) => [...values.get(b)!.keys()]));
    const s = formatQuantity;
    for (const k of keys) {
      const min = values.get('min')!.get(k);
      const max = values.get('max')!.get(k);
      const def = values.get('default')!.get(k);
      const defReq = values.get('defaultRequest')!.get(k);
      const ratio = values.get('maxLimitRequestRatio')!.get(k);
      const gt = (a?: Quantity, b?: Quantity) => !!a && !!b && compareQuantities(a, b) > 0;
      if (gt(min, max)) errs.push(invalid(ip.child('min').key(k), s(min!), `min value ${s(min!)} is greater than max value ${s(max!)}`));
      if (gt(min, defReq)) errs.push(invalid(ip.child('defaultRequest').key(k), s(defReq!), `min value ${s(min!)} is greater than default request value ${s(defReq!)}`));
      if (gt(defReq, max)) errs.push(invalid(ip.child('defaultRequest').key(k), s(defReq!), `default request value ${s(defReq!)} is greater than max value ${s(max!)}`));
      if (gt(defReq, def)) errs.push(invalid(ip.child('defaultRequest').key(k), s(defReq!), `default request value ${s(defReq!)} is greater than default limit value ${s(def!)}`));
      if (gt(min, def)) errs.push(invalid(ip.child('default').key(k), s(min!), `min value ${s(min!)} is greater than default value ${s(def!)}`));
      if (gt(def, max)) errs.push(invalid(ip.child('default').key(k), s(max!), `default value ${s(def!)} is greater than max value ${s(max!)}`));
      if (ratio && ratio.nano < 1_000_000_000n) errs.push(invalid(ip.child('maxLimitRequestRatio').key(k), s(ratio), `ratio ${s(ratio)} is less than 1`));
    }
  });
  return errs;
}
