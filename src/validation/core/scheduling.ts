// Tolerations (pods) and taints (nodes): ValidateTolerations / validateNodeTaints of v1.25.
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { duplicate, FieldPath, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { goLiteral, goQuote } from '../meta.js';
import { isQualifiedName, isValidLabelValue } from '../names.js';

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTaintEffect(effect: string | undefined, allowEmpty: boolean, path: FieldPath): FieldError[] {
  if (!allowEmpty && !effect) return [required(path, '')];
  return taintEffects.includes(effect ?? '') ? [] : [notSupported(path, effect ?? '', taintEffects)];
}

/** Go's %#v of a core.Toleration, as the "value must be empty" error prints it. */
function tolerationLiteral(t: Toleration): unknown {
  const secs = t.tolerationSeconds === undefined ? '(*int64)(nil)' : `(*int64)(${t.tolerationSeconds})`;
  return goLiteral(
    `core.Toleration{Key:${goQuote(t.key)}, Operator:${goQuote(t.operator)}, Value:${goQuote(t.value)}, Effect:${goQuote(t.effect)}, TolerationSeconds:${secs}}`,
  );
}

export function validateTolerations(tolerations: Toleration[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const ip = path.index(i);
    if (t.key) errs.push(...isQualifiedName(t.key).map((m) => invalid(ip.child('key'), t.key, m)));
    if (!t.key && t.operator !== 'Exists')
      errs.push(invalid(ip.child('operator'), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
      errs.push(invalid(ip.child('effect'), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '');
        if (msgs.length) errs.push(invalid(ip.child('operator'), t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value) errs.push(invalid(ip.child('operator'), tolerationLiteral(t), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(ip.child('operator'), t.operator, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, ip.child('effect')));
  });
  return errs;
}

export function validateTaints(taints: Taint[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const ip = path.index(i);
    errs.push(...isQualifiedName(t.key ?? '').map((m) => invalid(ip.child('key'), t.key, m)));
    if (t.value) errs.push(...isValidLabelValue(t.value).map((m) => invalid(ip.child('value'), t.value, m)));
    errs.push(...validateTaintEffect(t.effect, false, ip.child('effect')));
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key)) {
      const lit = goLiteral(`core.Taint{Key:${goQuote(t.key)}, Value:${goQuote(t.value)}, Effect:${goQuote(t.effect)}, TimeAdded:<nil>}`);
      errs.push({ ...duplicate(ip, lit), detail: 'taints must be unique by key and effect pair' });
    }
    seen.add(key);
  });
  return errs;
}
