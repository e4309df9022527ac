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
