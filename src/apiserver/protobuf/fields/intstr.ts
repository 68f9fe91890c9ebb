// k8s.io/apimachinery pkg/util/intstr generated.proto: IntOrString. JSON is the number or the string.
export const IntOrString = { type: 1, intVal: 2, strVal: 3 } as const;
/** Values of the type field. */
export const INT = 0;
export const STRING = 1;
export const INT_OR_STRING_DEF = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
