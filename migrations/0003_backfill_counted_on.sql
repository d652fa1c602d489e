-- Every existing entry gets its counting day: the middle day of its span, rounded down
-- (the same rule as countedOn() in src/ledger/counting.ts). A chat entry's span is one day.
UPDATE `entries` SET `counted_on` = date(julianday(`span_start`) + (julianday(`span_end`) - julianday(`span_start`)) / 2);
