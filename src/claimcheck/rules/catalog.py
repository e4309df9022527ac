"""Every rule claimcheck has, with its failing and passing example (the docs are built from these)."""

from __future__ import annotations

from claimcheck.results import Severity
from claimcheck.rules import Rule, register

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# --- 0xx: files, schema, provenance, coverage -------------------------------------------------
register(Rule("CC001", "yaml-syntax", "claims file is not valid YAML", E,
              failing="claims: [id: a", passing="claims: [{id: a}]", unusable=True))
register(Rule("CC002", "unreadable-file", "file cannot be read as UTF-8 text", E,
              failing="a seed saved as Latin-1", passing="a seed saved as UTF-8", unusable=True))
register(Rule("CC003", "seed-missing", "claims file names a seed that is not in seeds/", E,
              failing="source: {seed: 999_missing.txt}", passing="source: {seed: 000_1319ca2c775887ca.txt}",
              unusable=True))
register(Rule("CC004", "registry-missing", "no claims files, or no quantities.yaml", E,
              failing="an empty claims/ folder", passing="claims/quantities.yaml and one claims file",
              unusable=True))
register(Rule("CC005", "path-outside-folder", "a path leaves its folder: a seed, claims or archive file outside it", E,
              failing="source: {seed: ../../../secret.txt}", passing="source: {seed: 000_1319ca2c775887ca.txt}",
              unusable=True))
register(Rule("CC006", "not-a-regular-file", "a file to read is a FIFO, device, folder or socket, or a link that loops", E,
              failing="claims/x.yaml is a named pipe, or a link to /dev/zero", passing="claims/x.yaml is a plain file",
              unusable=True))
register(Rule("CC007", "duplicate-key", "a key appears twice in one YAML mapping (the first is read)", E,
              failing="- {id: a, kind: value, kind: forecast}", passing="- {id: a, kind: value}"))
register(Rule("CC008", "file-not-read", "a file under claims/ is not read (not .yaml or .yml, or misplaced)", W,
              failing="claims/000_x.json, or claims/2025/quantities.yaml",
              passing="claims/000_x.yaml, claims/2025/000_x.YML"))
register(Rule("CC009", "seed-not-named", "a seed in seeds/ that no claims file names, so nothing in it is checked", E,
              failing="seeds/005_x.txt and no claims file with source.seed: 005_x.txt",
              passing="claims/005_x.yaml with source.seed: 005_x.txt"))
register(Rule("CC010", "missing-field", "a required field is missing or empty", E,
              failing="- {id: a, quote: ..., unit: vehicles}  # no figure", passing="- {id: a, figure: 12.87 million, ...}"))
register(Rule("CC011", "unknown-field", "a field claimcheck does not know (a typo?)", W,
              failing="- {id: a, qoute: ...}", passing="- {id: a, quote: ...}"))
register(Rule("CC012", "bad-value", "a field has a value that is not allowed", E,
              failing="kind: estimate", passing="kind: value"))
register(Rule("CC013", "duplicate-id", "two claims share an id", E,
              failing="two claims with id 000-nev-sales-2024", passing="ids unique across claims/"))
register(Rule("CC014", "undefined-quantity", "a quantity key uses an undeclared entity, metric or basis, or a bad period", E,
              failing="quantity: china/nev_sale/2024", passing="quantity: china/nev_sales/2024"))
register(Rule("CC015", "bad-derivation", "a derivation does not parse", E,
              failing="derivation: growth(china/nev_sales/2024 china/nev_sales/2023)",
              passing="derivation: growth(china/nev_sales/2024, china/nev_sales/2023)"))
register(Rule("CC016", "bad-figure", "a figure cannot be read", E,
              failing="figure: twelve-ish million", passing="figure: 12.87 million"))
register(Rule("CC017", "unit-mismatch", "units disagree: figure, claim, quantity or derivation", E,
              failing="figure: 35.5 percent, unit: vehicles", passing="figure: 35.5 percent, unit: percent"))
register(Rule("CC018", "out-of-range", "a value outside what its unit allows (share over 100 %, negative count)", E,
              failing="figure: 140 percent, kind: share", passing="figure: 40.9 percent, kind: share"))
register(Rule("CC019", "bad-structure", "a YAML node has the wrong shape (a list where a mapping belongs)", E,
              failing="claims: {id: a}", passing="claims: [{id: a}]"))
register(Rule("CC020", "draft-needs-review", "a drafted claim is still marked review: true", W,
              failing="review: true  # left by claimcheck extract", passing="the claim checked; review and review_reason deleted"))
register(Rule("CC030", "quote-not-found", "a quote does not occur in its seed", E,
              failing="quote: NEV sales rose 36 percent", passing="quote: NEV sales rose 35.5 percent"))
register(Rule("CC031", "figure-not-in-quote", "a claim's figure does not occur in its quote", E,
              failing="quote: rose 35.5 percent, figure: 35.6 percent", passing="quote: rose 35.5 percent, figure: 35.5 percent"))
register(Rule("CC032", "hedge-not-in-quote", "a claim's hedge does not occur in its quote", E,
              failing="quote: reached 9.5 million, hedge: about", passing="quote: about 9.5 million, hedge: about"))
register(Rule("CC040", "uncovered-number", "a number in a seed is neither a claim's figure nor ignored", E,
              failing="a seed mentions 5.86 million and no claim covers it",
              passing="a claim has figure: 5.86 million, or the ignore list has it with a reason"))
register(Rule("CC041", "unused-ignore", "an ignore entry covers no number", W,
              failing="ignore: [{figure: Monday, quote: ..., reason: ...}]", passing="ignore: [{figure: Jan. 14, ...}]"))

# --- 1xx: a claim's own derivation, recomputed --------------------------------------------------
register(Rule("CC101", "article-contradicts-itself", "one article's own figures cannot all hold", E,
              failing="rose 35.5 percent to 12.87 million, from 9.0 million", passing="rose 35.5 percent to 12.87 million, from 9.5 million"))
register(Rule("CC102", "consistent-only-by-hedge", "consistent only because a hedge widened a figure", I,
              failing="20,000 yuan (about 2,782 dollars) against a reference rate of 7.2957",
              passing="20,000 yuan (about 2,741 dollars) against a reference rate of 7.2957"))
register(Rule("CC103", "fold-ratio-reading", "a 'fold increase' fits only as a ratio (new / old), not as an increase", I,
              failing="from 1.456 million to 9.443 million, a 6.5-fold increase (ratio 6.49; increase 5.49)",
              passing="from 1.456 million to 9.443 million, a 6.5-fold rise where both readings are tested and neither fits"))
register(Rule("CC104", "fold-increase-reading", "a 'fold' figure fits only as an increase (new / old - 1)", W,
              failing="from 1.0 million to 7.5 million, a 6.5-fold increase", passing="from 1.0 million to 6.5 million, a 6.5-fold increase"))
register(Rule("CC105", "division-by-zero", "a derivation divides by a value that may be zero", E,
              failing="growth(x/a/2024, x/a/2023) with x/a/2023 stated as 'under 3,000' (a base of exactly 0 is a CC101 conflict)",
              passing="growth(x/a/2024, x/a/2023) with x/a/2023 = 9.5 million"))

# --- 2xx: consistency across claims and articles -------------------------------------------------
register(Rule("CC201", "conflicting-figures", "claims state values for one quantity that cannot both be true", E,
              failing="NEV production 2020: roughly 1.4 million (002) and 1.456 million (003)",
              passing="NEV sales 2023: 9.5 million (001) and 9.498 million implied (000)"))
register(Rule("CC202", "implied-value-conflict", "figures from different articles cannot all hold once relations are carried across", E,
              failing="12.89 million up 34.4 % (implies 9.59 million in 2023) against 9.443 million in 2023",
              passing="12.87 million up 35.5 % (implies 9.498 million in 2023) against 9.5 million in 2023"))
register(Rule("CC203", "basis-difference", "figures for one metric and period differ, but on different bases", W,
              failing="NEV share July 2023: 51.1 % retail penetration against 30 % of all sales",
              passing="the same figure stated on the same basis"))
register(Rule("CC204", "conversion-rate", "a currency conversion implies a rate far from the reference rate", W,
              failing="20,000 yuan (2,500 dollars) in January 2025: 8.0 yuan/USD against 7.2957",
              passing="20,000 yuan (about 2,741 dollars) in January 2025"))

# --- 3xx: forecasts, targets, firsts and ranks ---------------------------------------------------
register(Rule("CC301", "forecast-error", "a forecast compared with the outcome", W,
              failing="11.5 million forecast for 2024 against 12.87 million sold",
              passing="12.9 million forecast against 12.87 million sold"))
register(Rule("CC302", "target-exceeds-whole", "a target for a part exceeds the latest whole it belongs to", W,
              failing="an export target of 40 million against 31.28 million produced",
              passing="an export target of 8 million against 31.28 million produced"))
register(Rule("CC303", "target-growth-implausible", "a target needs growth above any rate stated for its metric", W,
              failing="30 million exports in 2030 from 5.86 million in 2024 (31 % a year; best stated 19.3 %)",
              passing="7 million exports in 2026 from 5.86 million in 2024 (9 % a year)"))
register(Rule("CC304", "first-time-contradicted", "an earlier period already passed a 'first time' threshold", E,
              failing="first above 50 % in October 2025, but 51.1 % stated for July 2023 on the same basis",
              passing="first above 50 % in October 2025, with 40.9 % for 2024"))
register(Rule("CC305", "rank-contradicted", "a sibling entity is stated higher than the one claimed first", E,
              failing="Chongqing highest with 1.214 million while Shanghai is stated at 1.5 million",
              passing="Chongqing highest with 1.214 million and Shanghai at 1.0 million"))
register(Rule("CC306", "first-time-across-bases", "an earlier period passed a 'first time' threshold on another basis", W,
              failing="first above 50 % of all sales in October 2025; 51.1 % retail penetration in July 2023",
              passing="no earlier figure above the threshold on any basis"))

# --- 9xx: meta ---------------------------------------------------------------------------------
register(Rule("CC901", "unused-acknowledgement", "an acknowledgement matches no finding", W,
              failing="acknowledgements.yaml names CC201-0000000000", passing="every acknowledged key is still found"))
