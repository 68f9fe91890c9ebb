// k8s.io/apimachinery pkg/api/resource generated.proto: Quantity travels as its canonical string.
export const Quantity = { string: 1 } as const;
export const QUANTITY_DEF = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
