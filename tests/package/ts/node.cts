// A CommonJS Node program's view of @covered/calculator, type-checked by `cargo xtask
// test` (`tsc -p tsconfig.node.json`, Node's own resolution) in the fresh project the
// packed .tgz is installed into: `require` gets the Node build's declarations, which
// have no `init()` (nothing to initialise in Node).

import calculator = require("@covered/calculator");
import type { CoveredFiles, CoveredVerdict } from "@covered/calculator";

export function status(files: CoveredFiles): string {
  const covered = new calculator.Covered(files);
  const verdict: CoveredVerdict = covered.check(
    "hanbit-city",
    { product: "DLi", version: "8", category: "fault", answers: { impact: "whole_system" } },
    "2026-11-23T10:00:00",
  );
  const day: [string, string][] = [["09:00", "18:00"]];
  const office = new calculator.CoveredCalendar({
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] },
    holidays: { builtin: "KR" },
  });
  return `${verdict.coverage.status} ${office.due("2026-11-23T10:00:00", 60)} ${calculator.holidays(2026).length}`;
}

// @ts-expect-error: the Node build has no init()
calculator.default();
