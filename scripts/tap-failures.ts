// Picks the failed assertions out of tap's TAP output, line by line: each `not ok` with the path of
// subtests it sits in (`# Subtest:` lines, four spaces of indent per level) and the YAML
// diagnostics under it (`---` … `...` at the same indent), cut at 40 lines. A subtest that failed
// because a child did is listed by its line alone (the child's entry has the detail); one that
// failed on its own (a file that crashed or timed out) keeps its diagnostics.
const MAX_LINES = 40;

export function failureCollector() {
  const subtests: string[] = [];
  const failuresBefore: number[] = []; // failures.length when the subtest at each depth opened
  const failures: string[][] = [];
  let current: string[] | undefined; // the last `not ok`, while its diagnostics may follow
  let keep = false; // whether its diagnostics are listed
  let diagIndent = -1; // the indent of the diagnostics block being read, or -1
  return {
    failures,
    line(line: string) {
      const indent = line.length - line.trimStart().length;
      const text = line.trim();
      if (current && diagIndent >= 0) {
        if (keep && current.length < MAX_LINES) current.push(line);
        else if (keep) { current.push(`${' '.repeat(diagIndent)}(cut)`); keep = false; }
        if (text === '...' && indent === diagIndent) { current = undefined; diagIndent = -1; }
        return;
      }
      if (current && text === '---') {
        diagIndent = indent;
        if (keep) current.push(line);
        return;
      }
      current = undefined;
      const depth = Math.floor(indent / 4);
      const sub = /^# Subtest: (.*)$/.exec(text);
      if (sub) {
        subtests.length = depth;
        failuresBefore.length = depth;
        subtests.push(sub[1]!);
        failuresBefore.push(failures.length);
        return;
      }
      if (/^not ok \d+/.test(text)) {
        const childFailed = subtests.length > depth && failuresBefore[depth]! < failures.length;
        keep = !childFailed;
        current = [[...subtests.slice(0, depth), text].join(' > ')];
        failures.push(current);
      }
    },
  };
}
