// autocannon ships no types and @types/autocannon is not installed: the benches use a
// handful of its fields, read from an untyped result.
declare module 'autocannon';
