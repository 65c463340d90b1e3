/** Fixed-reply tables of the languages added beyond the ones in messages.ts, one file each. */
export { ar } from "./ar";
export { da } from "./da";
export { el } from "./el";
export { hi } from "./hi";
export { id } from "./id";
export { ko } from "./ko";
export { lt } from "./lt";
export { pl } from "./pl";
export { ro } from "./ro";
export { ru } from "./ru";
export { sv } from "./sv";
export { th } from "./th";
export { tr } from "./tr";
export { vi } from "./vi";
