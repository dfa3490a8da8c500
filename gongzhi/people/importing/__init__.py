"""Import of a community's registry from the workbook communities already keep.

One workbook with a sheet "居民" (one row per person and flat) and an optional sheet "楼栋"
(buildings to add or correct), or a .csv holding the 居民 sheet alone. The columns are described
in docs/import-template.md and in the "说明" sheet of `template.template_xlsx()`.

Flow: `services.import_run_start` keeps the upload encrypted → job `jobs.import_run_check` reads
(`reading`) and checks (`checking`) every row against the database (`registry`) and stores the
row-level report (`report`) → `services.import_run_confirm` → job `jobs.import_run_execute` checks
again against the database as it is then and writes everything (`writing`) in one transaction,
with bulk statements (no query per row), so that nothing is ever half imported.

Rules that keep an import safe to repeat and never destructive:
- people are matched by ID number (its blind index) within the community, else by name, birth
  date and flat; importing the same file twice changes nothing the second time;
- a blank cell means "not given": it never clears what is registered;
- an import adds move-ins and ownerships but never moves anyone out, ends an ownership or
  rewrites a flat; where the file disagrees with those records the report says so (a warning).

The modules, one job each: `columns` (the sheets' layout), `cells` (reading one cell), `reading`
(file → tables), `report`, `registry` (what is registered), `checking`, `writing`, `services`
(start and confirm a run), `jobs`, `template` (the workbook to download).
"""

# Job rows keep the module that declared their job, and rows queued before this package was
# split name "gongzhi.people.importing": importing it must still register the import's jobs.
from gongzhi.people.importing import jobs  # noqa: F401
