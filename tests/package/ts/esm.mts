// An ES-module Node program's view of @covered/calculator, type-checked with node.cts
// (`tsc -p tsconfig.node.json`, Node's own resolution): `import` in Node gets the Node
// build too, its classes and functions as named imports.

import { Covered, holidays, type CoveredFiles, type CoveredHoliday } from "@covered/calculator";

export function chuseok(files: CoveredFiles): string {
  const covered = new Covered(files);
  const day: CoveredHoliday | undefined = holidays(2026).find((h) => h.date === "2026-09-25");
  return `${covered.summary().contracts.length} contracts; ${day?.name_ko ?? "-"}`;
}
