// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Whether caller-supplied text (an OAuth parameter, an email) may be looked up or
 * stored: bounded, no control characters (PostgreSQL refuses NUL outright), no broken
 * UTF-16. Anything else is refused with the caller's stable error, not a driver error.
 */
export const isSaneText = (value: string, maxLength: number): boolean =>
  value.length <= maxLength && !CONTROL.test(value) && !LONE_SURROGATE.test(value);
