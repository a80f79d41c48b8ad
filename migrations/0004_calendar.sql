-- The working-day calendar: the days on which the MPP is closed besides
-- Saturdays and Sundays, as fixed each year by the SKB 3 Menteri: national
-- holidays (libur nasional) and collective leave (cuti bersama). Complaint
-- and service deadlines are counted in working days over this table
-- (core/working_days.hpp); it is data, edited by the mall manager.
-- day is 'YYYY-MM-DD' (a civil day in the MPP's zone), so text order is date
-- order on both databases; name is the Indonesian name of the day.
CREATE TABLE holidays (
  day TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('libur_nasional', 'cuti_bersama')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
