// Injected into a copy of the triage page by tests/html/run.sh: sorts and
// filters the table the way a user does (clicks, choices), opens a fix's
// detail view, and writes what it saw into a pre element (id html-test),
// which chromium --dump-dom prints.  Console errors and uncaught exceptions
// are counted from before the page's own script runs.
"use strict";
(function () {
	const out = [];
	const say = (ok, what) => out.push((ok ? "ok " : "FAIL ") + what);
	const rows = () => [...document.querySelectorAll("#patches tbody tr")];
	const shown = () => rows().filter(tr => !tr.hidden);
	const col = (i, trs) => (trs || rows()).map(tr => tr.cells[i].textContent);
	const sorted = (a, cmp) => a.every((x, i) => i === 0 || cmp(a[i - 1], x) <= 0);
	const choose = (id, v) => {
		const e = document.getElementById(id);
		e.value = v;
		e.dispatchEvent(new Event("input"));
	};

	window.addEventListener("load", () => {
		const th = [...document.querySelectorAll("#patches th")];
		const n = rows().length;
		say(n > 3, "table has " + n + " rows");
		// time, ascending then descending
		th[6].click();
		say(sorted(col(6).map(parseFloat), (a, b) => a - b), "time ascending");
		th[6].click();
		say(sorted(col(6).map(parseFloat), (a, b) => b - a), "time descending");
		th[2].click();
		say(sorted(col(2), (a, b) => a.localeCompare(b)), "verdict ascending");
		say(rows().length === n, "sorting keeps every row");
		// filters: verdict, rule, tier, time
		const verdicts = [...document.querySelectorAll("#f-verdict option")].map(o => o.value).filter(v => v);
		choose("f-verdict", verdicts[0]);
		say(shown().length > 0 && col(2, shown()).every(v => v === verdicts[0]),
			"verdict filter " + verdicts[0] + ": " + shown().length + " rows");
		choose("f-verdict", "");
		const rule = [...document.querySelectorAll("#f-rule option")].map(o => o.value).filter(v => v)[0];
		choose("f-rule", rule);
		say(shown().length > 0 && col(3, shown()).every(v => v.split(", ").includes(rule)),
			"rule filter " + rule + ": " + shown().length + " rows");
		choose("f-rule", "");
		choose("f-tier", "patch");
		say(shown().length > 0 && col(5, shown()).every(v => v === "patch"), "tier filter");
		choose("f-tier", "");
		choose("f-tmin", "1000");
		say(shown().length === 0, "time filter: none over 1000 s");
		choose("f-tmin", "");
		say(shown().length === n, "filters cleared: every row again");
		// the chart counts add up to the rows
		const bars = [...document.querySelectorAll("#chart-verdicts .bar")];
		say(bars.reduce((s, b) => s + Number(b.dataset.count), 0) === n, "verdict chart counts every row");
		// a not-eligible fix: its detail view has them, a source line, a fix note
		const withFinding = rows().find(tr => tr.cells[2].textContent === "not-eligible");
		withFinding.click();
		const d = document.getElementById("detail");
		say(!d.hidden && d.querySelectorAll(".finding").length > 0, "detail view lists findings");
		say(d.querySelectorAll(".finding pre").length > 0, "detail view shows source lines");
		say(d.querySelectorAll(".fix").length > 0, "detail view shows fix notes");
		say(window.__errors.length === 0, "no console error" +
			(window.__errors.length ? ": " + window.__errors.join("; ") : ""));
		const pre = document.createElement("pre");
		pre.id = "html-test";
		pre.textContent = out.join("\n");
		document.body.append(pre);
	});
})();
