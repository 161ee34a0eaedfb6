// Prisma 7's generated client sets globalThis.__dirname (to server/db/generated). usearch's ESM build trusts a
// defined __dirname to find its native build, so once the Prisma client is loaded, importing usearch throws
// "Could not find native build for usearch". Import this module first: it loads usearch with the global removed
// (ESM evaluates these imports in order), then puts it back.
import "./dirname-clear";
import "usearch";
import "./dirname-restore";
export {};
